// layout_check.cc: layout.h against the system headers, at compile time.
// Nothing here runs; a wrong offset does not build. Bluetooth and macOS's
// sockaddr_ctl have no header on Debian: their offsets follow from the
// field sizes written in layout.h.
#include <linux/can.h>
#include <linux/if_alg.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <linux/qrtr.h>
#include <linux/tipc.h>
#include <linux/vm_sockets.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cstddef>

#include "impl/addr/layout.h"

namespace sock::addr::layout {

static_assert(sizeof(sockaddr) == kSockaddrData + kSockaddrDataSize);
static_assert(offsetof(sockaddr, sa_data) == kSockaddrData);
static_assert(sizeof(sockaddr_storage) == kStorageSize);

static_assert(offsetof(sockaddr_in, sin_port) == In::port);
static_assert(offsetof(sockaddr_in, sin_addr) == In::addr);
static_assert(sizeof(sockaddr_in) == In::size);

static_assert(offsetof(sockaddr_in6, sin6_port) == In6::port);
static_assert(offsetof(sockaddr_in6, sin6_flowinfo) == In6::flowinfo);
static_assert(offsetof(sockaddr_in6, sin6_addr) == In6::addr);
static_assert(offsetof(sockaddr_in6, sin6_scope_id) == In6::scope_id);
static_assert(sizeof(sockaddr_in6) == In6::size);

static_assert(offsetof(sockaddr_un, sun_path) == Un::path);
static_assert(sizeof(sockaddr_un::sun_path) == Un::path_size);
static_assert(sizeof(sockaddr_un) == Un::size);

static_assert(offsetof(sockaddr_nl, nl_pid) == Nl::pid);
static_assert(offsetof(sockaddr_nl, nl_groups) == Nl::groups);
static_assert(sizeof(sockaddr_nl) == Nl::size);

static_assert(offsetof(sockaddr_tipc, addrtype) == Tipc::addrtype);
static_assert(offsetof(sockaddr_tipc, scope) == Tipc::scope);
static_assert(offsetof(sockaddr_tipc, addr) == Tipc::union_);
static_assert(offsetof(sockaddr_tipc, addr.id.ref) == Tipc::id_ref);
static_assert(offsetof(sockaddr_tipc, addr.id.node) == Tipc::id_node);
static_assert(offsetof(sockaddr_tipc, addr.nameseq.type) == Tipc::seq_type);
static_assert(offsetof(sockaddr_tipc, addr.nameseq.lower) == Tipc::seq_lower);
static_assert(offsetof(sockaddr_tipc, addr.nameseq.upper) == Tipc::seq_upper);
static_assert(offsetof(sockaddr_tipc, addr.name.name.type) == Tipc::name_type);
static_assert(offsetof(sockaddr_tipc, addr.name.name.instance) == Tipc::name_instance);
static_assert(offsetof(sockaddr_tipc, addr.name.domain) == Tipc::name_domain);
static_assert(sizeof(sockaddr_tipc) == Tipc::size);

static_assert(offsetof(sockaddr_can, can_ifindex) == Can::ifindex);
static_assert(offsetof(sockaddr_can, can_addr.tp.rx_id) == Can::tp_rx);
static_assert(offsetof(sockaddr_can, can_addr.tp.tx_id) == Can::tp_tx);
static_assert(offsetof(sockaddr_can, can_addr.j1939.name) == Can::j1939_name);
static_assert(offsetof(sockaddr_can, can_addr.j1939.pgn) == Can::j1939_pgn);
static_assert(offsetof(sockaddr_can, can_addr.j1939.addr) == Can::j1939_addr);
static_assert(sizeof(sockaddr_can) == Can::size);

static_assert(offsetof(sockaddr_alg, salg_type) == Alg::type);
static_assert(sizeof(sockaddr_alg::salg_type) == Alg::type_size);
static_assert(offsetof(sockaddr_alg, salg_feat) == Alg::feat);
static_assert(offsetof(sockaddr_alg, salg_mask) == Alg::mask);
static_assert(offsetof(sockaddr_alg, salg_name) == Alg::name);
static_assert(sizeof(sockaddr_alg::salg_name) == Alg::name_size);
static_assert(sizeof(sockaddr_alg) == Alg::size);

static_assert(offsetof(sockaddr_vm, svm_port) == Vm::port);
static_assert(offsetof(sockaddr_vm, svm_cid) == Vm::cid);
static_assert(offsetof(sockaddr_vm, svm_flags) == Vm::flags);
static_assert(sizeof(sockaddr_vm) == Vm::size);

static_assert(offsetof(sockaddr_ll, sll_protocol) == Ll::protocol);
static_assert(offsetof(sockaddr_ll, sll_ifindex) == Ll::ifindex);
static_assert(offsetof(sockaddr_ll, sll_hatype) == Ll::hatype);
static_assert(offsetof(sockaddr_ll, sll_pkttype) == Ll::pkttype);
static_assert(offsetof(sockaddr_ll, sll_halen) == Ll::halen);
static_assert(offsetof(sockaddr_ll, sll_addr) == Ll::addr);
static_assert(sizeof(sockaddr_ll::sll_addr) == Ll::addr_size);
static_assert(sizeof(sockaddr_ll) == Ll::size);

static_assert(offsetof(sockaddr_qrtr, sq_node) == Qrtr::node);
static_assert(offsetof(sockaddr_qrtr, sq_port) == Qrtr::port);
static_assert(sizeof(sockaddr_qrtr) == Qrtr::size);

// Bluetooth: 2-byte family, then the fields in order; bdaddr_t is 6 packed
// bytes, and each struct is padded to its 2-byte alignment.
static_assert(L2::bdaddr == L2::psm + 2 && L2::cid == L2::bdaddr + 6 && L2::bdaddr_type == L2::cid + 2);
static_assert(L2::size == L2::bdaddr_type + 2);
static_assert(Rc::channel == Rc::bdaddr + 6 && Rc::size == Rc::channel + 2);
static_assert(Hci::channel == Hci::dev + 2 && Hci::size == Hci::channel + 2);
static_assert(Sco::size == Sco::bdaddr + 6);
static_assert(Ctl::size == Ctl::unit + 4 + 5 * 4);

}  // namespace sock::addr::layout

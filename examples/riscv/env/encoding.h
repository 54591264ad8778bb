// Field masks and cause codes of the privileged architecture (priv 1.12), for the test programs.
// The assembler already knows every CSR by name; only bit positions and codes live here.
#ifndef ENCODING_H
#define ENCODING_H

// mstatus / sstatus (priv 1.12, "Machine Status Registers")
#define MSTATUS_SIE   0x00000002
#define MSTATUS_MIE   0x00000008
#define MSTATUS_SPIE  0x00000020
#define MSTATUS_MPIE  0x00000080
#define MSTATUS_SPP   0x00000100
#define MSTATUS_MPP   0x00001800
#define MSTATUS_MPRV  0x00020000
#define MSTATUS_SUM   0x00040000
#define MSTATUS_MXR   0x00080000
#define MSTATUS_TVM   0x00100000
#define MSTATUS_TW    0x00200000
#define MSTATUS_TSR   0x00400000
#define MPP_U         0x00000000
#define MPP_S         0x00000800
#define MPP_M         0x00001800

// mip / mie, sip / sie (priv 1.12, "Machine Interrupt Registers")
#define MIP_SSIP      0x00000002
#define MIP_MSIP      0x00000008
#define MIP_STIP      0x00000020
#define MIP_MTIP      0x00000080
#define MIP_SEIP      0x00000200
#define MIP_MEIP      0x00000800

// misa (priv 1.12, "Machine ISA Register"): MXL in the top two bits, one bit per letter
#define MISA_MXL_32   0x40000000
#define MISA_I        (1 << ('I' - 'A'))
#define MISA_M        (1 << ('M' - 'A'))
#define MISA_S        (1 << ('S' - 'A'))
#define MISA_U        (1 << ('U' - 'A'))

// pmpcfg fields (priv 1.12, "Physical Memory Protection")
#define PMP_R         0x01
#define PMP_W         0x02
#define PMP_X         0x04
#define PMP_OFF       0x00
#define PMP_TOR       0x08
#define PMP_NA4       0x10
#define PMP_NAPOT     0x18
#define PMP_L         0x80

// mcause / scause exception codes (priv 1.12, "Machine Cause Register", table of causes)
#define CAUSE_MISALIGNED_FETCH    0
#define CAUSE_FETCH_ACCESS        1
#define CAUSE_ILLEGAL_INSTRUCTION 2
#define CAUSE_BREAKPOINT          3
#define CAUSE_MISALIGNED_LOAD     4
#define CAUSE_LOAD_ACCESS         5
#define CAUSE_MISALIGNED_STORE    6
#define CAUSE_STORE_ACCESS        7
#define CAUSE_USER_ECALL          8
#define CAUSE_SUPERVISOR_ECALL    9
#define CAUSE_MACHINE_ECALL       11
#define CAUSE_FETCH_PAGE_FAULT    12
#define CAUSE_LOAD_PAGE_FAULT     13
#define CAUSE_STORE_PAGE_FAULT    15

// satp and page-table entries, Sv32 (priv 1.12, 4.1.11 and 4.3.1)
#define SATP_SV32     0x80000000
#define PTE_V 0x01
#define PTE_R 0x02
#define PTE_W 0x04
#define PTE_X 0x08
#define PTE_U 0x10
#define PTE_G 0x20
#define PTE_A 0x40
#define PTE_D 0x80
#define CAUSE_INTERRUPT           0x80000000
#define IRQ_S_SOFT                1
#define IRQ_M_SOFT                3

#endif

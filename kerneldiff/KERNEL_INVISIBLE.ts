/**
 * The model mutants that the kernel traces cannot tell apart from the model, each with
 * the reason. Every other mutant must disagree with the kernel's answers on some trace.
 */
export const KERNEL_INVISIBLE: Readonly<Record<string, string>> = {
  expiryKeepsCount:
    'a request expires only after its SYN-ACK retransmissions, seconds of guest time: the ' +
    'executor runs no timers (the selftest vectors wait for them)',
  hashDrifts:
    'the drift moves only choices the flow hash makes among several listeners, which kernel ' +
    'traces leave out: the kernel keys its hash with a boot-time secret',
  synQueueMisreported:
    'the executor shows whether a SYN was answered, not which queue dropped it: the states ' +
    'are the same, only the reason the model reports differs',
};

/**
 * Running a class: the cost ledger (what VMs and hosts cost, attributed to members per day), budgets with their
 * alerts and the gateway's budget policy, {@code budget.*} tools with the spend chart, and the operations
 * endpoint ({@code /metrics} from Micrometer's Prometheus registry, {@code /healthz}). Micrometer and JFreeChart
 * are imported only here. A new metric is a line in {@link dev.labhand.ops.Metrics}; others take the registry
 * from {@code Wiring.meters()}.
 */
package dev.labhand.ops;

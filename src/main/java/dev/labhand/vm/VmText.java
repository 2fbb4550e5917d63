package dev.labhand.vm;

import dev.labhand.i18n.Messages;
import dev.labhand.store.HostRecord;
import dev.labhand.tool.Caller.Lang;
import java.util.Locale;

/** How VMs and their prices read in replies. */
final class VmText {
    private VmText() {}

    static String usd(double amount) {
        return amount >= 100 ? String.format(Locale.ROOT, "$%,.0f", amount) : String.format(Locale.ROOT, "$%.2f", amount);
    }

    static String hourly(double amount) {
        return String.format(Locale.ROOT, "$%.3f", amount);
    }

    /** One line: the price of running this size, spot or on-demand, for {@code hours} a month, plus its disk. */
    static String cost(CloudCatalog.Cloud cloud, CloudCatalog.Size size, boolean spot, int diskGb, double hours, Lang lang) {
        double perHour = size.hourly(spot);
        return Messages.get(lang, spot ? "vm.cost.line.spot" : "vm.cost.line.on-demand",
                "hourly", hourly(perHour), "monthly", usd(perHour * hours), "hours", trim(hours),
                "disk", diskGb, "diskMonthly", usd(cloud.diskPerGbMonth() * diskGb));
    }

    /** A host in one line for lists; {@code owner} is the owner's name ({@link VmService#ownerName}). */
    static String summary(HostRecord h, long running, String owner, Lang lang) {
        String state = Messages.get(lang, "vm.state." + h.state())
                + (h.stateReason() == null ? "" : " (" + Messages.get(lang, "vm.reason." + h.stateReason()) + ")");
        return Messages.get(lang, "host.summary", "name", h.name(), "provider", h.provider(),
                "size", h.size() == null ? "-" : h.size() + (h.spot() ? " spot" : ""),
                "region", h.region() == null ? "-" : h.region(), "state", state, "running", running,
                "owner", owner);
    }

    /** Where Labhand reaches the host and the fingerprint of the key it expects there. */
    static String connection(HostRecord h, String address, Lang lang) {
        return Messages.get(lang, "vm.status.address", "address", address == null ? "-" : address, "user", h.sshUser(),
                "hostKey", h.hostKey() == null ? Messages.get(lang, "vm.status.no-host-key")
                        : dev.labhand.ssh.SshPublicKey.parse(h.hostKey()).fingerprint());
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}

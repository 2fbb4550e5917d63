package dev.labhand.vm;

import dev.labhand.config.LabhandConfig;
import dev.labhand.i18n.Messages;
import dev.labhand.ssh.SshPublicKey;
import dev.labhand.store.HostRecord;
import dev.labhand.tool.Args;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;
import dev.labhand.tool.Caller.Lang;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code vm.create provider: name: [size:] [region:] [spot:] [max-price:] [disk:] [key:] [plan:]}: a GPU VM set
 * up as a course Docker host. Everything is checked against the cloud's size table and the key is
 * parsed before any cloud call; {@code plan:true} shows what would be made, and what it costs, and
 * makes nothing (so it needs no confirmation).
 */
public final class CreateVmTool implements Tool {
    static final Pattern SIZE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    static final Pattern REGION = Pattern.compile("[a-z0-9-]{2,32}");
    static final Pattern PRICE = Pattern.compile("\\d{1,3}(\\.\\d{1,5})?");
    static final Pattern KEY = Pattern.compile("(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/=]{16,2000}( [ -~]{0,100})?");

    private final VmService service;
    private final CloudCatalog catalog;
    private final CloudInit cloudInit;
    private final LabhandConfig.Vm settings;
    private final VmKeys keys;
    private final ToolSpec spec;

    public CreateVmTool(VmService service, CloudCatalog catalog, CloudInit cloudInit, LabhandConfig.Vm settings, VmKeys keys) {
        this.service = service;
        this.catalog = catalog;
        this.cloudInit = cloudInit;
        this.settings = settings;
        this.keys = keys;
        this.spec = ToolSpec.of("vm.create", Risk.COSTLY, Role.INSTRUCTOR,
                        Param.choice("provider", catalog.providers()),
                        Param.string("name", Param.NAME),
                        Param.string("size", SIZE).optional(null),
                        Param.string("region", REGION).optional(null),
                        Param.bool("spot").optional("true"),
                        Param.string("max-price", PRICE).optional(null),
                        Param.integer("disk", 30, 2048).optional("128"),
                        Param.string("key", KEY).optional(null),
                        Param.bool("plan"))
                .withTimeout(Duration.ofMinutes(30));
    }

    @Override
    public ToolSpec spec() {
        return spec;
    }

    @Override
    public boolean spendsBudget(Args args) {
        return !args.flag("plan"); // a plan makes nothing; a VM made runs, billed by the hour
    }

    @Override
    public Risk risk(Args args) {
        return args.flag("plan") ? Risk.READ : Risk.COSTLY;
    }

    /** A request that passed every check, or the reason it did not. */
    private record Checked(Outcome refusal, CloudCatalog.Cloud cloud, CloudCatalog.Size size, String region,
                           Double maxPrice, SshPublicKey adminKey) {}

    @Override
    public Outcome check(Caller caller, Args args) {
        return checked(caller.locale(), args).refusal();
    }

    /** Everything is checked against the size table and the key is parsed: no cloud call happens here. */
    private Checked checked(Lang lang, Args a) {
        boolean plan = a.flag("plan");
        CloudCatalog.Cloud cloud = catalog.cloud(a.get("provider")).orElseThrow();
        String sizeName = a.getOr("size", cloud.defaultSize());
        var size = cloud.size(sizeName);
        if (size.isEmpty()) {
            return refused(lang, "vm.size-unknown", "size", sizeName, "provider", cloud.provider(),
                    "sizes", String.join(", ", cloud.sizes().stream().map(CloudCatalog.Size::name).toList()));
        }
        String region = a.getOr("region", cloud.defaultRegion());
        if (!cloud.hasRegion(region)) {
            return refused(lang, "vm.region-unknown", "region", region, "provider", cloud.provider(),
                    "regions", String.join(", ", cloud.regions()));
        }
        Double maxPrice = a.get("max-price") == null ? null : Double.valueOf(a.get("max-price"));
        if (maxPrice != null && !a.flag("spot")) return refused(lang, "vm.max-price-without-spot");
        if (maxPrice != null && maxPrice > size.get().onDemand()) {
            return refused(lang, "vm.max-price-above-on-demand", "price", maxPrice,
                    "onDemand", VmText.hourly(size.get().onDemand()));
        }
        String name = a.get("name");
        if (name.equals(HostRecord.LOCAL) || service.hosts().byName(name).isPresent()) {
            return refused(lang, "host.name-taken", "name", name);
        }
        SshPublicKey adminKey = null;
        if (a.get("key") != null) {
            try {
                adminKey = SshPublicKey.parse(a.get("key"));
            } catch (IllegalArgumentException e) {
                return refused(lang, "vm.key-invalid", "reason", e.getMessage());
            }
        } else if (!plan) {
            return refused(lang, "vm.key-required");
        }
        if (!plan && keys.publicKey().isEmpty()) return refused(lang, "vm.bot-key-missing");
        if (service.providers().find(cloud.provider()).isEmpty()) {
            return refused(lang, "vm.provider-unknown", "provider", cloud.provider());
        }
        return new Checked(null, cloud, size.get(), region, maxPrice, adminKey);
    }

    @Override
    public Outcome run(Invocation call) throws InterruptedException {
        Args a = call.args();
        Lang lang = call.lang();
        Checked c = checked(lang, a);
        if (c.refusal() != null) return c.refusal();
        boolean plan = a.flag("plan");
        boolean spot = a.flag("spot");
        String name = a.get("name");
        String provider = c.cloud().provider();
        VmProvider cloud = service.providers().get(provider, lang);
        int disk = a.integer("disk", 128);
        String adminKey = c.adminKey() == null ? "<your-public-key>" : c.adminKey().line();
        VmRequest request = new VmRequest(name, c.size().name(), c.region(), spot, c.maxPrice(), disk,
                settings.adminUser(), adminKey, settings.sshSource(),
                cloudInit.render(Map.of("adminUser", settings.adminUser(), "adminKey", adminKey,
                        "labhandKey", keys.publicKey().map(SshPublicKey::line).orElse("<labhand-public-key>"),
                        "course", settings.course(), "owner", call.caller().id(), "name", name)),
                Map.of("course", settings.course(), "owner", call.caller().id(), "managed-by", "labhand"));
        String command = cloud.commands().create(request, CloudInit.FILE_NAME);
        String cost = VmText.cost(c.cloud(), c.size(), spot, disk, CloudCatalog.HOURS_PER_MONTH, lang);
        String warning = c.maxPrice() != null && c.maxPrice() < c.size().spot()
                ? "\n" + Messages.get(lang, "vm.max-price-low", "price", c.maxPrice(), "spot", VmText.hourly(c.size().spot()))
                : "";
        if (plan) {
            String lines = String.join("\n", cloud.plan(request).stream().map(l -> "• " + l).toList());
            return Outcome.Done.of(Messages.get(lang, "vm.plan", "name", name, "provider", provider)
                    + "\n" + lines + "\n" + cost + warning + "\n" + Messages.get(lang, "vm.plan.next"), command);
        }
        call.progress().report(Messages.get(lang, "vm.progress.creating", "name", name, "provider", provider));
        VmInfo info = service.create(call.caller(), cloud, request, call.progress());
        return Outcome.Done.of(Messages.get(lang, "vm.created", "name", name, "provider", provider,
                "size", c.size().name(), "region", c.region(), "address", String.valueOf(info.publicIp()),
                "pricing", Messages.get(lang, spot ? "vm.pricing.spot" : "vm.pricing.on-demand"))
                + "\n" + cost + warning + "\n" + Messages.get(lang, "vm.created.next", "name", name), command);
    }

    private static Checked refused(Lang lang, String key, Object... params) {
        return new Checked(invalid(lang, key, params), null, null, null, null, null);
    }

    private static Outcome invalid(Lang lang, String key, Object... params) {
        return new Outcome.Invalid(Messages.get(lang, key, params));
    }
}

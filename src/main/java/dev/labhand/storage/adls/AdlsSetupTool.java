package dev.labhand.storage.adls;

import dev.labhand.i18n.Messages;
import dev.labhand.storage.StorageCatalog;
import dev.labhand.storage.StorageLocation;
import dev.labhand.tool.Args;
import dev.labhand.tool.Caller;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code storage.adls-setup location: [plan:true]} (instructors, confirmed: it makes a storage account that costs
 * money): the Module 11 lake for an ADLS location, see {@link AdlsSetup}. {@code plan:true} lists every step and the
 * ACL each folder gets, and makes nothing.
 */
public final class AdlsSetupTool implements Tool {
    private static final ToolSpec SPEC = new ToolSpec("storage.adls-setup", Risk.COSTLY, Role.INSTRUCTOR, List.of(
            Param.string("location", AclTool.LOCATION),
            Param.bool("plan")), Duration.ofMinutes(20), false, true);

    private final StorageCatalog catalog;
    private final AdlsSetup setup;
    private final String resourceGroup;
    private final String region;

    public AdlsSetupTool(StorageCatalog catalog, AdlsSetup setup, String resourceGroup, String region) {
        this.catalog = catalog;
        this.setup = setup;
        this.resourceGroup = resourceGroup;
        this.region = region;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Risk risk(Args args) {
        return args.flag("plan") ? Risk.READ : Risk.COSTLY;
    }

    @Override
    public Outcome check(Caller caller, Args args) {
        var location = catalog.find(args.get("location"));
        if (location.isEmpty()) return new Outcome.Invalid(catalog.unknown(args.get("location"), caller.locale()));
        if (location.get().kind() != StorageLocation.Kind.ADLS) {
            return new Outcome.Invalid(Messages.get(caller.locale(), "storage.acl.not-adls", "name", args.get("location")));
        }
        return null;
    }

    @Override
    public Outcome run(Invocation call) {
        StorageLocation location = catalog.require(call.args().get("location"), call.lang());
        String steps = setup.plan(location, call.lang()).stream()
                .map(s -> "- " + s.what() + (s.acl().isEmpty() ? "" : "\n    " + s.acl()))
                .collect(Collectors.joining("\n"));
        String command = AdlsCommands.setup(location, resourceGroup, region);
        if (call.args().flag("plan")) {
            return Outcome.Done.of(Messages.get(call.lang(), "storage.setup.plan", "url", location.url(""), "steps", steps),
                    command);
        }
        List<String> left = setup.run(location, call.lang(), call.progress());
        String text = Messages.get(call.lang(), "storage.setup.done", "url", location.url(""), "steps", steps);
        if (!left.isEmpty()) {
            text += "\n" + Messages.get(call.lang(), "storage.setup.left", "members", String.join(", ", left));
        }
        return Outcome.Done.of(text, command);
    }
}

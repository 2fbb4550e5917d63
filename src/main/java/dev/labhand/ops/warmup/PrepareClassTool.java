package dev.labhand.ops.warmup;

import dev.labhand.i18n.Messages;
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
import dev.labhand.vm.VmService;
import dev.labhand.workspace.WorkspaceService;
import dev.labhand.workspace.WorkspaceTemplate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code class.prepare at: [hosts:] [images:]} (instructors): schedules a class warm-up, kept in SQLite: at that
 * time the course VMs are started ({@code vm.start}) and the images pulled on each ({@code image.pull}), each
 * through the gateway, and the instructor gets a readiness table by DM. {@code at} is
 * {@code 2026-03-02T09:00} (UTC) or with an offset ({@code 2026-03-02T18:00+09:00}). Hosts default to every
 * VM (else {@code local}); images to every template's. Starting VMs costs money: the call is confirmed.
 */
public final class PrepareClassTool implements Tool {
    static final Pattern AT = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:[0-9]{2})?");
    static final Pattern NAMES = Pattern.compile("[a-z][a-z0-9-]{0,31}(,[a-z][a-z0-9-]{0,31}){0,19}");
    static final Pattern IMAGES = Pattern.compile("[A-Za-z0-9._/:@-]{1,200}(,[A-Za-z0-9._/:@-]{1,200}){0,9}");
    /** How far ahead a warm-up may be scheduled. */
    static final Duration HORIZON = Duration.ofDays(30);
    private static final ToolSpec SPEC = ToolSpec.of("class.prepare", Risk.COSTLY, Role.INSTRUCTOR,
            Param.string("at", AT), Param.string("hosts", NAMES).optional(""), Param.string("images", IMAGES).optional(""));

    private final WorkspaceService workspaces;
    private final VmService vms;

    public PrepareClassTool(WorkspaceService workspaces, VmService vms) {
        this.workspaces = workspaces;
        this.vms = vms;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome check(Caller caller, Args args) {
        Instant at = parse(args.get("at"));
        Instant now = workspaces.clock().instant();
        if (at == null || !at.isAfter(now) || at.isAfter(now.plus(HORIZON))) {
            return new Outcome.Invalid(Messages.get(caller.locale(), "class.prepare.bad-time", "at", args.get("at"),
                    "days", HORIZON.toDays()));
        }
        for (String h : hosts(args)) {
            if (!h.equals(dev.labhand.workspace.DockerHosts.LOCAL) && vms.hosts().byName(h).isEmpty()) {
                return new Outcome.Invalid(Messages.get(caller.locale(), "class.prepare.unknown-host", "host", h));
            }
        }
        for (String image : images(args)) {
            if (!dev.labhand.workspace.WorkspaceTemplates.isImage(image)) {
                return new Outcome.Invalid(Messages.get(caller.locale(), "class.prepare.bad-image", "image", image));
            }
        }
        return null;
    }

    @Override
    public Outcome run(Invocation call) {
        Instant at = parse(call.args().get("at"));
        List<String> hosts = hosts(call.args());
        List<String> images = images(call.args());
        long id = new ClassWarmups(workspaces.repository().database()).schedule(call.caller().id(), call.lang(), at,
                hosts, images, workspaces.clock().instant());
        return Outcome.Done.of(Messages.get(call.lang(), "class.prepare.scheduled", "id", id, "at", at.toString(),
                "hosts", String.join(", ", hosts), "images", String.join(", ", images)), null);
    }

    private List<String> hosts(Args args) {
        String given = args.getOr("hosts", "");
        if (!given.isBlank()) return Arrays.stream(given.split(",")).distinct().toList();
        List<String> all = vms.hosts().all().stream().filter(HostRecord::isVm).map(HostRecord::name).toList();
        return all.isEmpty() ? List.of(dev.labhand.workspace.DockerHosts.LOCAL) : all;
    }

    private List<String> images(Args args) {
        String given = args.getOr("images", "");
        if (!given.isBlank()) return Arrays.stream(given.split(",")).distinct().toList();
        return workspaces.templates().all().stream().map(WorkspaceTemplate::image).distinct().sorted().toList();
    }

    /** The instant {@code at} names (UTC without an offset), or null when it is no date and time. */
    static Instant parse(String at) {
        try {
            if (at.endsWith("Z") || at.matches(".*[+-][0-9]{2}:[0-9]{2}$")) return OffsetDateTime.parse(at).toInstant();
            return LocalDateTime.parse(at).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

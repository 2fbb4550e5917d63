package dev.labhand.image;

import dev.labhand.config.LabhandConfig;
import dev.labhand.config.LabhandConfig.Registry;
import dev.labhand.i18n.Messages;
import dev.labhand.store.WorkspaceRecord;
import dev.labhand.tool.Caller.Lang;
import dev.labhand.tool.Progress;
import dev.labhand.tool.UserError;
import dev.labhand.workspace.DockerErrors;
import dev.labhand.workspace.ImageEngine;
import dev.labhand.workspace.ImageEngine.BuildFailed;
import dev.labhand.workspace.ImageEngine.LoginRefused;
import dev.labhand.workspace.TeachingCommand;
import dev.labhand.workspace.WorkspaceService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Course images on the class's engines: builds from the declared contexts, tags, pushes to configured registries,
 * and the checks that go with them (declared args only, no image a workspace uses is removed).
 */
public final class ImageService {
    /** The label every course-image build carries: which course image it is. */
    public static final String LABEL = "labhand.course-image";
    private final CourseImages images;
    private final WorkspaceService workspaces;
    private final LabhandConfig.Images config;
    private final RegistryLogins logins;

    public ImageService(CourseImages images, WorkspaceService workspaces, LabhandConfig.Images config,
                        Function<String, String> env) {
        this.images = images;
        this.workspaces = workspaces;
        this.config = config;
        this.logins = new RegistryLogins(env);
    }

    public CourseImages images() {
        return images;
    }

    public LabhandConfig.Images config() {
        return config;
    }

    ImageEngine engineOn(String host, Lang lang) {
        return workspaces.engineOn(host, lang).imageOps();
    }

    /** A build request checked against image.yaml: every arg's value, and the tag it gets. */
    public record BuildPlan(CourseImage image, Map<String, String> args, String reference) {
        public String teachingCommand() {
            List<String> argv = new ArrayList<>(List.of("docker", "build"));
            args.forEach((k, v) -> argv.addAll(List.of("--build-arg", k + "=" + v)));
            argv.addAll(List.of("-t", reference, "."));
            return TeachingCommand.join(argv);
        }
    }

    /** The plan for building {@code name} with the args typed and the tag asked for, or a message on what is wrong. */
    public Plan plan(String name, String argsText, String tag, Lang lang) {
        Optional<CourseImage> found = images.find(name);
        if (found.isEmpty()) {
            return Plan.wrong(Messages.get(lang, "image.unknown", "name", name,
                    "known", images.names().isEmpty() ? "-" : String.join(", ", images.names())));
        }
        CourseImage image = found.get();
        Map<String, String> given = BuildArgsInput.parse(argsText);
        for (var e : given.entrySet()) {
            Optional<BuildArg> arg = image.arg(e.getKey());
            if (arg.isEmpty()) {
                return Plan.wrong(Messages.get(lang, "image.arg.undeclared", "arg", e.getKey(), "name", name,
                        "declared", image.args().stream().map(BuildArg::name).reduce((a, b) -> a + ", " + b).orElse("-")));
            }
            if (arg.get().problem(e.getValue()) != null) {
                return Plan.wrong(Messages.get(lang, "image.arg.malformed", "arg", e.getKey(), "value", e.getValue(),
                        "accepts", arg.get().accepts()));
            }
        }
        Map<String, String> values = image.withDefaults(given);
        String chosen = tag == null || tag.isBlank() ? image.tagFor(values) : tag;
        if (!CourseImages.TAG.matcher(chosen).matches()) {
            return Plan.wrong(Messages.get(lang, "image.tag.malformed", "tag", chosen));
        }
        return new Plan(new BuildPlan(image, values, image.repository() + ":" + chosen), null);
    }

    /** A plan, or why there is none. */
    public record Plan(BuildPlan plan, String problem) {
        static Plan wrong(String problem) {
            return new Plan(null, problem);
        }
    }

    /** Builds on {@code host}'s engine, reporting steps; a failing step becomes a {@link UserError} with its last lines. */
    public ImageEngine.ImageDetails build(BuildPlan plan, String host, boolean noCache, Lang lang, Progress progress)
            throws InterruptedException {
        ImageEngine engine = engineOn(host, lang);
        progress.report(Messages.get(lang, "image.build.start", "image", plan.reference(), "host", host));
        BuildProgress steps = new BuildProgress(progress, System::currentTimeMillis);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL, plan.image().name());
        try {
            engine.build(plan.image().context().toFile(), plan.args(), Set.of(plan.reference()), labels, noCache, steps::accept);
        } catch (BuildFailed e) {
            throw new UserError(Messages.get(lang, "image.build.failed", "image", plan.reference(),
                    "step", e.step().isEmpty() ? "-" : e.step(), "reason", clip(e.getMessage(), 300),
                    "lines", e.lastLines().isEmpty() ? "-" : clip(String.join("\n", e.lastLines()), 1200)), e);
        } catch (RuntimeException e) {
            throw new UserError(Messages.get(lang, "image.build.failed-engine", "image", plan.reference(),
                    "reason", DockerErrors.describe(e, lang)), e);
        }
        return engine.inspect(plan.reference(), false).orElseThrow();
    }

    /** Where {@code reference} goes in {@code registry}: its server, namespace, the image's last name part and tag. */
    public static String target(Registry registry, String reference) {
        int colon = reference.lastIndexOf(':');
        boolean tagged = colon > reference.lastIndexOf('/');
        String repo = tagged ? reference.substring(0, colon) : reference;
        String tag = tagged ? reference.substring(colon + 1) : "latest";
        String last = repo.substring(repo.lastIndexOf('/') + 1);
        String path = registry.namespace().isEmpty() ? stripServer(repo) : registry.namespace() + "/" + last;
        String server = registry.kind().equals("dockerhub") ? "" : registry.server() + "/";
        return server + path + ":" + tag;
    }

    private static String stripServer(String repo) {
        int slash = repo.indexOf('/');
        if (slash > 0 && (repo.substring(0, slash).contains(".") || repo.substring(0, slash).contains(":"))) {
            return repo.substring(slash + 1);
        }
        return repo;
    }

    /** Logs in, tags and pushes; returns the pushed reference. Wrong credentials: a clear message, nothing pushed. */
    public String push(String reference, Registry registry, String host, Lang lang, Progress progress)
            throws InterruptedException {
        ImageEngine engine = engineOn(host, lang);
        if (engine.inspect(reference).isEmpty()) {
            throw UserError.beforeActing(Messages.get(lang, "image.not-on-host", "image", reference, "host", host), null);
        }
        ImageEngine.Login login = logins.loginFor(registry, lang);
        try {
            engine.login(login);
        } catch (LoginRefused e) {
            throw UserError.beforeActing(Messages.get(lang, "image.push.login-refused", "registry", registry.name(),
                    "server", registry.server(), "userEnv", registry.userEnv(), "passwordEnv", registry.passwordEnv()), e);
        } catch (RuntimeException e) {
            throw UserError.beforeActing(Messages.get(lang, "image.push.failed", "image", reference,
                    "registry", registry.name(), "reason", DockerErrors.describe(e, lang)), e);
        }
        String target = target(registry, reference);
        int colon = target.lastIndexOf(':');
        engine.tag(reference, target.substring(0, colon), target.substring(colon + 1));
        progress.report(Messages.get(lang, "image.push.start", "image", target));
        long[] last = {0};
        try {
            engine.push(target.substring(0, colon), target.substring(colon + 1), login, line -> {
                long now = System.currentTimeMillis();
                if (now - last[0] >= BuildProgress.EVERY_MS) {
                    last[0] = now;
                    progress.report(clip(line, 160));
                }
            });
        } catch (LoginRefused e) {
            throw new UserError(Messages.get(lang, "image.push.login-refused", "registry", registry.name(),
                    "server", registry.server(), "userEnv", registry.userEnv(), "passwordEnv", registry.passwordEnv()), e);
        } catch (RuntimeException e) {
            throw new UserError(Messages.get(lang, "image.push.failed", "image", reference, "registry", registry.name(),
                    "reason", clip(String.valueOf(e.getMessage()), 300)), e);
        }
        return target;
    }

    /** The workspaces whose containers are made from this image on {@code host} (by container id). */
    public List<String> workspacesUsing(ImageEngine.ImageDetails image, String host) {
        List<String> names = new ArrayList<>();
        for (WorkspaceRecord r : workspaces.repository().all()) {
            if (r.host().equals(host) && r.containerId() != null && image.usedByContainers().contains(r.containerId())) {
                names.add(r.name());
            }
        }
        return names;
    }

    static String clip(String s, int max) {
        return s.length() > max ? s.substring(0, max - 1) + "…" : s;
    }
}

package dev.labhand.vm;

import dev.labhand.i18n.Messages;
import dev.labhand.tool.Invocation;
import dev.labhand.tool.Outcome;
import dev.labhand.tool.Param;
import dev.labhand.tool.Risk;
import dev.labhand.tool.Role;
import dev.labhand.tool.Tool;
import dev.labhand.tool.ToolSpec;
import dev.labhand.tool.Caller.Lang;

/**
 * {@code vm.cost provider: [size:] [hours:] [disk:]}: what a VM costs per hour and per month, spot against
 * on-demand, from the price table in config/clouds. Learners may ask too: knowing the price is part of
 * the course.
 */
public final class VmCostTool implements Tool {
    private final CloudCatalog catalog;
    private final ToolSpec spec;

    public VmCostTool(CloudCatalog catalog) {
        this.catalog = catalog;
        this.spec = ToolSpec.of("vm.cost", Risk.READ, Role.LEARNER,
                Param.choice("provider", catalog.providers()),
                Param.string("size", CreateVmTool.SIZE).optional(null),
                Param.integer("hours", 1, 744).optional("730"),
                Param.integer("disk", 30, 2048).optional("128"));
    }

    @Override
    public ToolSpec spec() {
        return spec;
    }

    @Override
    public Outcome run(Invocation call) {
        Lang lang = call.lang();
        CloudCatalog.Cloud cloud = catalog.cloud(call.args().get("provider")).orElseThrow();
        int hours = call.args().integer("hours", 730);
        int disk = call.args().integer("disk", 128);
        String sizeName = call.args().get("size");
        var sizes = sizeName == null ? cloud.sizes() : cloud.size(sizeName).stream().toList();
        if (sizes.isEmpty()) {
            return new Outcome.Invalid(Messages.get(lang, "vm.size-unknown", "size", sizeName, "provider", cloud.provider(),
                    "sizes", String.join(", ", cloud.sizes().stream().map(CloudCatalog.Size::name).toList())));
        }
        StringBuilder sb = new StringBuilder(Messages.get(lang, "vm.cost.header", "provider", cloud.provider(),
                "hours", hours));
        for (CloudCatalog.Size s : sizes) {
            int saving = s.onDemand() == 0 ? 0 : (int) Math.round(100 * (1 - s.spot() / s.onDemand()));
            sb.append("\n• ").append(Messages.get(lang, "vm.cost.size", "size", s.name(),
                    "gpu", s.gpu().isEmpty() ? Messages.get(lang, "vm.cost.no-gpu") : s.gpu(), "vcpus", s.vcpus(),
                    "memory", s.memoryGb(), "saving", saving));
            sb.append("\n  ").append(VmText.cost(cloud, s, true, disk, hours, lang));
            sb.append("\n  ").append(VmText.cost(cloud, s, false, disk, hours, lang));
        }
        sb.append('\n').append(Messages.get(lang, "vm.cost.note." + cloud.provider()));
        String command = cloud.provider().equals("azure")
                ? "curl -s \"https://prices.azure.com/api/retail/prices?$filter=armSkuName eq '" + sizes.get(0).name()
                        + "' and armRegionName eq '" + cloud.defaultRegion() + "'\""
                : "aws ec2 describe-spot-price-history --region " + cloud.defaultRegion() + " --instance-types "
                        + sizes.get(0).name() + " --product-descriptions Linux/UNIX --max-items 5";
        return Outcome.Done.of(sb.toString(), command);
    }
}

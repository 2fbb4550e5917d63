package dev.labhand.vm;

import java.util.Map;

/**
 * A VM to create, already validated: the size and region are in the size table, the key is a
 * well-formed OpenSSH public key, the name is a course name.
 *
 * @param name         course name of the VM (also its host name in Labhand), e.g. {@code gpu1}
 * @param spot         spot (Azure Spot / EC2 spot) rather than on-demand
 * @param maxPrice     spot only: the most to pay per hour in USD; null caps it at the on-demand price
 * @param diskGb       OS disk size
 * @param adminUser    the admin account cloud-init makes, reached with {@code sshPublicKey}
 * @param sshSource    the address range allowed to reach port 22 ({@code *} for anywhere)
 * @param cloudInit    the cloud-init user data (tools/vm/cloud-init.yaml, filled in)
 * @param tags         put on every resource: at least {@code course}, {@code owner}, {@code managed-by}, and
 *                     {@value #REQUEST_TAG} (this create's id, so whatever it made can be found again by tag)
 */
public record VmRequest(String name, String size, String region, boolean spot, Double maxPrice, int diskGb,
                        String adminUser, String sshPublicKey, String sshSource, String cloudInit,
                        Map<String, String> tags) {
    /** The tag naming the create that made a resource; EC2's ClientToken carries the same id. */
    public static final String REQUEST_TAG = "labhand-request";

    public VmRequest {
        tags = Map.copyOf(tags);
    }

    /** This create's id, or null for a request made without one. */
    public String requestId() {
        return tags.get(REQUEST_TAG);
    }

    /** The same request, tagged with {@code requestId}. */
    public VmRequest withRequestId(String requestId) {
        var t = new java.util.TreeMap<>(tags);
        t.put(REQUEST_TAG, requestId);
        return new VmRequest(name, size, region, spot, maxPrice, diskGb, adminUser, sshPublicKey, sshSource, cloudInit, t);
    }
}

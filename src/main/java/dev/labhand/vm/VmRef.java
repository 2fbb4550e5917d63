package dev.labhand.vm;

import java.util.Map;

/**
 * Where a created VM lives, enough for its provider to find it again and remove everything it made.
 *
 * @param ids provider-specific ids, stored as they are: Azure {@code resourceGroup}, {@code vm};
 *            AWS {@code instanceId}, {@code securityGroupId}, {@code keyName}
 */
public record VmRef(String provider, String name, String region, Map<String, String> ids) {
    public VmRef {
        ids = Map.copyOf(ids);
    }

    public String id(String key) {
        String v = ids.get(key);
        if (v == null) throw new IllegalStateException(provider + " VM " + name + " has no " + key);
        return v;
    }
}

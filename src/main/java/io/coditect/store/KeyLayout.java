package io.coditect.store;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every key the product stores, in one place, encoded with FoundationDB's tuple layer.
 *
 * <pre>
 * (root, "w", workspaceId, "record")                  the workspace record (JSON)
 * (root, "w", workspaceId, "activity")                when its terminals were last active (epoch ms)
 * (root, "w", workspaceId, ...)                       everything else of that workspace
 * (root, "o", owner, workspaceId)                     index: the workspaces of one owner
 * </pre>
 *
 * The workspace id is the first element after the root's workspace subspace, so one workspace is
 * one contiguous range and deleting it is one range clear (plus its index entry).
 */
@ApplicationScoped
public class KeyLayout {
    private final Subspace workspaces;
    private final Subspace owners;

    /** For the CDI client proxy only. */
    protected KeyLayout() {
        this.workspaces = null;
        this.owners = null;
    }

    @Inject
    public KeyLayout(@ConfigProperty(name = "coditect.store.root", defaultValue = "coditect") String root) {
        Subspace rootSpace = new Subspace(Tuple.from(root));
        this.workspaces = rootSpace.get("w");
        this.owners = rootSpace.get("o");
    }

    /** All workspaces: the range whose records list every workspace. */
    public Subspace workspaces() {
        return workspaces;
    }

    /** Everything that belongs to one workspace. */
    public Subspace workspace(String workspaceId) {
        return workspaces.get(workspaceId);
    }

    public byte[] workspaceRecord(String workspaceId) {
        return workspace(workspaceId).pack(Tuple.from("record"));
    }

    /** When the workspace's terminals were last active, as any server saw it: for the idle-stop rule. */
    public byte[] workspaceActivity(String workspaceId) {
        return workspace(workspaceId).pack(Tuple.from("activity"));
    }

    /** The index entries of one owner's workspaces; each key ends with a workspace id. */
    public Subspace ownerIndex(String owner) {
        return owners.get(owner);
    }

    public byte[] ownerIndexEntry(String owner, String workspaceId) {
        return ownerIndex(owner).pack(Tuple.from(workspaceId));
    }
}

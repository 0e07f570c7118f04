package io.coditect.workspace;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coditect.platform.error.ApiException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-user limits at their exact edges: workspaces in all, and running (or about to run) ones. */
class WorkspaceQuotasTest {
    private final WorkspaceQuotas quotas = new WorkspaceQuotas(3, 2);

    @Test
    void checkCreate_belowTheLimit_allowed_atTheLimit_refused() {
        assertThatCode(() -> quotas.checkCreate(owned(WorkspaceStatus.STOPPED, WorkspaceStatus.STOPPED))).doesNotThrowAnyException();

        assertRefused(() -> quotas.checkCreate(owned(WorkspaceStatus.STOPPED, WorkspaceStatus.STOPPED, WorkspaceStatus.STOPPED)),
                "workspace_quota_exceeded");
    }

    @Test
    void checkCreate_runningAtTheLimit_refused_becauseANewWorkspaceStartsAtOnce() {
        assertThatCode(() -> quotas.checkCreate(owned(WorkspaceStatus.RUNNING))).doesNotThrowAnyException();

        assertRefused(() -> quotas.checkCreate(owned(WorkspaceStatus.RUNNING, WorkspaceStatus.STARTING)), "running_quota_exceeded");
    }

    @Test
    void checkStart_countsOtherRunningWorkspacesOnly() {
        List<Workspace> owners = owned(WorkspaceStatus.RUNNING, WorkspaceStatus.STOPPED);
        assertThatCode(() -> quotas.checkStart(owners.get(1), owners)).doesNotThrowAnyException();

        List<Workspace> full = owned(WorkspaceStatus.RUNNING, WorkspaceStatus.FAILED, WorkspaceStatus.STOPPED);
        assertRefused(() -> quotas.checkStart(full.get(2), full), "running_quota_exceeded");
        // Starting one of the running ones again: itself does not count against it.
        assertThatCode(() -> quotas.checkStart(full.get(0), full)).doesNotThrowAnyException();
    }

    @Test
    void checkStart_stoppedStoppingAndDeletingDoNotCount() {
        List<Workspace> owners = owned(WorkspaceStatus.STOPPED, WorkspaceStatus.STOPPING, WorkspaceStatus.DELETING,
                WorkspaceStatus.CREATING);
        assertThatCode(() -> quotas.checkStart(owners.get(0), owners)).doesNotThrowAnyException();
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable check, String code) {
        assertThatThrownBy(check).isInstanceOfSatisfying(ApiException.class, refused -> {
            org.assertj.core.api.Assertions.assertThat(refused.status()).isEqualTo(409);
            org.assertj.core.api.Assertions.assertThat(refused.code()).isEqualTo(code);
        });
    }

    private static List<Workspace> owned(WorkspaceStatus... statuses) {
        List<Workspace> owners = new ArrayList<>();
        Instant now = Instant.parse("2026-12-02T12:00:00Z");
        for (int i = 0; i < statuses.length; i++) {
            owners.add(new Workspace("ws-00000000000" + i, "w" + i, "alice", statuses[i], null, null, now, now, null));
        }
        return owners;
    }
}

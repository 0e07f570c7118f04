package io.coditect.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coditect.audit.AuditEvent;
import io.coditect.audit.AuditFilter;
import io.coditect.audit.AuditQuery;
import io.coditect.audit.RecordingExport;
import io.coditect.audit.RequestOrigin;
import io.coditect.auth.Caller;
import io.coditect.platform.DataDirectory;
import io.coditect.platform.ServerRole;
import io.coditect.platform.error.ApiException;
import io.coditect.store.FaultInjectingStore;
import io.coditect.store.KeyLayout;
import io.coditect.store.KeyValueStore;
import io.coditect.store.embedded.EmbeddedStore;
import io.coditect.testing.EmbeddedStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workspace life cycle's audit events: each action exactly one event with the right fields,
 * in the store and on the export log, also when every commit is ambiguous (each body runs again
 * after its commit) and under the standard fault rates.
 */
class WorkspaceAuditTest {
    private static final RequestOrigin FROM_ALICE = new RequestOrigin("192.0.2.10", "alice-browser/1");
    private static final Caller ALICE = new Caller("alice", Set.of("user"), FROM_ALICE);
    private static final Caller BOB = new Caller("bob", Set.of("user"), new RequestOrigin("198.51.100.7", "curl/8"));
    private static final Caller ADMIN = new Caller("root", Set.of("user", "admin"), new RequestOrigin("203.0.113.1", null));
    private static final KeyLayout KEYS = new KeyLayout("test");

    @TempDir
    Path dir;
    EmbeddedStore embedded;
    final RecordingExport export = new RecordingExport();

    @BeforeEach
    void setUp() {
        embedded = EmbeddedStores.open(dir.resolve("store"));
    }

    @AfterEach
    void tearDown() {
        embedded.close();
    }

    private WorkspaceService service(KeyValueStore over) {
        return new WorkspaceService(new WorkspaceRepository(over, KEYS),
                new LocalProvisioner(new DataDirectory(dir.toString()),
                        new AgentWorkspace(new ServerRole("standalone"), Optional.empty(), dir.resolve("unused").toString())),
                new WorkspaceQuotas(10, 3), new WorkspaceProgress(), new WorkspaceMetrics() {
                    @Override
                    public void reachedRunning(Duration sinceStartAsked) {
                    }

                    @Override
                    public void stoppedIdle() {
                    }
                }, new WorkspaceActivity(), new WorkspaceEndings() {
                    @Override
                    public void stopped(String workspaceId) {
                    }

                    @Override
                    public void deleted(String workspaceId) {
                    }
                }, export.logOver(over, KEYS, "gateway-1"));
    }

    /** Every event in the store, newest first, all pages. */
    private List<AuditEvent> stored() {
        return new AuditQuery(embedded, KEYS).page(AuditFilter.ANY, null, 500).events();
    }

    @Test
    void lifeCycle_everyCommitAmbiguous_eachActionExactlyOneEventStoredAndExported() {
        FaultInjectingStore ambiguous = new FaultInjectingStore(embedded, new FaultInjectingStore.Rates(1, 0, 0), 5);
        WorkspaceService service = service(ambiguous);

        Workspace workspace = service.create(ALICE, new CreateWorkspaceRequest("p"));
        service.stop(ALICE, workspace.id());
        service.stop(ALICE, workspace.id());
        service.start(ALICE, workspace.id());
        service.delete(ALICE, workspace.id());

        System.out.println(ambiguous.report());
        assertThat(ambiguous.rerunAfterCommit()).isPositive();
        List<AuditEvent> events = stored();
        assertThat(events).extracting(AuditEvent::action)
                .containsExactly("workspace.delete", "workspace.start", "workspace.stop", "workspace.create");
        assertThat(events).allSatisfy(event -> {
            assertThat(event.actor()).isEqualTo("alice");
            assertThat(event.workspace()).isEqualTo(workspace.id());
            assertThat(event.outcome()).isEqualTo("ok");
            assertThat(event.clientAddress()).isEqualTo("192.0.2.10");
            assertThat(event.userAgent()).isEqualTo("alice-browser/1");
            assertThat(event.replica()).isEqualTo("gateway-1");
            assertThat(event.id()).isNotBlank();
            assertThat(event.time()).isNotNull();
            assertThat(event.details()).doesNotContainKey("owner");
        });
        assertThat(events).extracting(AuditEvent::id).doesNotHaveDuplicates();
        assertThat(export.exported()).extracting(AuditEvent::id)
                .containsExactlyInAnyOrderElementsOf(events.stream().map(AuditEvent::id).toList());
    }

    @Test
    void lifeCycle_standardFaultRates_eachActionExactlyOneEvent() {
        FaultInjectingStore faulty = FaultInjectingStore.over(embedded);
        WorkspaceService service = service(faulty);

        for (int round = 0; round < 4; round++) {
            Workspace workspace = service.create(ALICE, new CreateWorkspaceRequest("p" + round));
            service.stop(ALICE, workspace.id());
            service.start(ALICE, workspace.id());
            service.delete(ALICE, workspace.id());
        }

        System.out.println(faulty.report());
        assertThat(faulty.rerunBodies()).isPositive();
        assertThat(stored()).hasSize(16).extracting(AuditEvent::id).doesNotHaveDuplicates();
        assertThat(export.exported()).hasSize(16);
    }

    @Test
    void create_refusedByQuota_noEvent() {
        WorkspaceService service = service(embedded);
        for (int i = 0; i < 3; i++) {
            service.create(ALICE, new CreateWorkspaceRequest("p" + i));
        }
        int before = stored().size();

        assertThatThrownBy(() -> service.create(ALICE, new CreateWorkspaceRequest("fourth")))
                .isInstanceOf(ApiException.class);

        assertThat(stored()).hasSize(before);
        assertThat(export.exported()).hasSize(before);
    }

    @Test
    void create_provisionerFails_recordedThenFailedInTheTransactionThatRemovesIt() throws Exception {
        Files.writeString(dir.resolve("workspaces"), "a file where the directory should be");
        WorkspaceService service = service(new FaultInjectingStore(embedded, new FaultInjectingStore.Rates(1, 0, 0), 9));

        assertThatThrownBy(() -> service.create(ALICE, new CreateWorkspaceRequest("p"))).isInstanceOf(ApiException.class);

        List<AuditEvent> events = stored();
        assertThat(events).extracting(AuditEvent::action).containsExactly("workspace.create", "workspace.create");
        assertThat(events).extracting(AuditEvent::outcome).containsExactly("failed", "ok");
        assertThat(events.get(0).details()).containsKey("reason");
        assertThat(events.get(0).clientAddress()).isEqualTo("192.0.2.10");
        assertThat(export.exported()).hasSize(2);
        assertThat(repository().listByOwner("alice")).isEmpty();
    }

    @Test
    void stop_alreadyStopped_noSecondEvent() {
        WorkspaceService service = service(embedded);
        Workspace workspace = service.create(ALICE, new CreateWorkspaceRequest("p"));
        service.stop(ALICE, workspace.id());

        service.stop(ALICE, workspace.id());

        assertThat(stored()).extracting(AuditEvent::action).containsExactly("workspace.stop", "workspace.create");
    }

    @Test
    void stopIdle_recordedAsSystemWithoutClient() {
        WorkspaceService service = service(embedded);
        Workspace workspace = service.create(ALICE, new CreateWorkspaceRequest("p"));

        service.stopIdle(workspace.id(), workspace.startedAt(), Duration.ofMinutes(30));

        AuditEvent stop = stored().get(0);
        assertThat(stop.action()).isEqualTo("workspace.stop");
        assertThat(stop.actor()).isEqualTo(AuditEvent.SYSTEM);
        assertThat(stop.clientAddress()).isNull();
        assertThat(stop.details()).containsEntry("reason", "idle");
    }

    @Test
    void admin_onOthersWorkspace_eventNamesTheOwner() {
        WorkspaceService service = service(embedded);
        Workspace workspace = service.create(ALICE, new CreateWorkspaceRequest("p"));

        service.stop(ADMIN, workspace.id());

        AuditEvent stop = stored().get(0);
        assertThat(stop.actor()).isEqualTo("root");
        assertThat(stop.clientAddress()).isEqualTo("203.0.113.1");
        assertThat(stop.details()).containsEntry("owner", "alice");
    }

    @Test
    void stranger_gets404_refusalRecordedAndShownToTheOwner() {
        WorkspaceService service = service(embedded);
        Workspace workspace = service.create(ALICE, new CreateWorkspaceRequest("p"));

        assertThatThrownBy(() -> service.stop(BOB, workspace.id()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));

        AuditEvent refused = stored().get(0);
        assertThat(refused.action()).isEqualTo("request.refused");
        assertThat(refused.actor()).isEqualTo("bob");
        assertThat(refused.outcome()).isEqualTo("refused");
        assertThat(refused.clientAddress()).isEqualTo("198.51.100.7");
        assertThat(refused.details()).containsEntry("status", "404");
        List<AuditEvent> ownersView = new AuditQuery(embedded, KEYS)
                .pageOfWorkspace(workspace.id(), AuditFilter.ANY, null, 100).events();
        assertThat(ownersView).extracting(AuditEvent::action).containsExactly("request.refused", "workspace.create");
        assertThat(repository().find(workspace.id()).orElseThrow().status()).isEqualTo(WorkspaceStatus.RUNNING);
    }

    private WorkspaceRepository repository() {
        return new WorkspaceRepository(embedded, KEYS);
    }
}

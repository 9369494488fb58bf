package dev.orchestrators.cli.it;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Kills every worker JVM a test started, pass or fail:
 * {@code @RegisterExtension final WorkerProcesses processes = new WorkerProcesses();}
 */
final class WorkerProcesses implements AfterEachCallback {
    private final List<WorkerProcess> started = new ArrayList<>();

    /** Registers {@code worker} to be killed after the test, and returns it. */
    WorkerProcess track(WorkerProcess worker) {
        started.add(worker);
        return worker;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        started.forEach(WorkerProcess::kill);
        started.clear();
    }
}

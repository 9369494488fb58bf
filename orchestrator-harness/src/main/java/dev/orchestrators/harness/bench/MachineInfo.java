package dev.orchestrators.harness.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine a bench ran on.
 *
 * @param cores    processors available to the JVM
 * @param memoryGb physical memory
 * @param cpu      CPU model (from {@code /proc/cpuinfo} where available)
 * @param jvm      JVM name and version
 * @param os       operating system, version and architecture
 */
record MachineInfo(int cores, double memoryGb, String cpu, String jvm, String os) {

    static MachineInfo current() {
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), Math.round(memory / 1e8) / 10.0, cpuModel(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    @Override
    public String toString() {
        return cores + " cores (" + cpu + "), " + memoryGb + " GB memory, " + jvm + ", " + os;
    }
}

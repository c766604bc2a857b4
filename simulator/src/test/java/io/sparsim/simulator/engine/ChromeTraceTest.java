package io.sparsim.simulator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The trace parses as JSON, has one correctly timed X event per task and never overlaps events on a thread. */
class ChromeTraceTest {

    @Test
    void traceIsValidAndFaithful() throws Exception {
        List<Task> tasks = new ArrayList<>(RandomGraphs.tasks(3, 200, false, true));
        tasks.add(Task.builder("odd").name("quote \" backslash \\ newline \n tab \t ctrl \u0001 é").lane("lane \"x\"")
                .demand("hbm", 100).build());
        SimulationResult r = RandomGraphs.graph(tasks).run();
        JsonNode root = new ObjectMapper().readTree(r.toChromeTrace());
        assertEquals(r.makespanSeconds(), root.get("otherData").get("makespanSeconds").asDouble(), 0.0);

        Map<String, JsonNode> taskEvents = new HashMap<>();
        Map<String, List<double[]>> perThread = new HashMap<>();
        Map<Integer, String> processNames = new HashMap<>();
        int computeEvents = 0;
        int counters = 0;
        for (JsonNode e : root.get("traceEvents")) {
            String ph = e.get("ph").asText();
            assertTrue(e.get("pid").isInt(), e.toString());
            if (ph.equals("M") && e.get("name").asText().equals("process_name")) {
                processNames.put(e.get("pid").asInt(), e.get("args").get("name").asText());
            } else if (ph.equals("X")) {
                assertTrue(e.get("tid").isInt() && e.get("ts").isNumber() && e.get("dur").isNumber());
                assertTrue(e.get("dur").asDouble() >= 0);
                perThread.computeIfAbsent(e.get("pid").asInt() + "/" + e.get("tid").asInt(), k -> new ArrayList<>())
                        .add(new double[] {e.get("ts").asDouble(), e.get("ts").asDouble() + e.get("dur").asDouble()});
                if (e.get("cat").asText().equals("task")) {
                    taskEvents.put(e.get("args").get("id").asText(), e);
                } else {
                    computeEvents++;
                }
            } else if (ph.equals("C")) {
                counters++;
                assertTrue(e.get("args").get("bytesPerSecond").asDouble() >= 0);
            }
        }
        assertEquals(tasks.size(), taskEvents.size());
        int computeDemands = 0;
        for (Task task : tasks) {
            TaskTiming t = r.task(task.id());
            JsonNode e = taskEvents.get(task.id());
            assertEquals(task.name(), e.get("name").asText());
            assertEquals(t.startSeconds() * 1e6, e.get("ts").asDouble(), 1e-3);
            assertEquals(t.durationSeconds() * 1e6, e.get("dur").asDouble(), 2e-3);
            assertEquals("lane " + task.lane(), processNames.get(e.get("pid").asInt()));
            computeDemands += (int) task.demands().stream()
                    .filter(d -> RandomGraphs.RESOURCES.stream().anyMatch(
                            res -> res.name().equals(d.resource()) && res instanceof ComputeUnit))
                    .count();
        }
        assertEquals(computeDemands, computeEvents);
        assertTrue(counters > 0);
        for (Map.Entry<String, List<double[]>> thread : perThread.entrySet()) {
            List<double[]> spans = thread.getValue();
            spans.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
            for (int i = 1; i < spans.size(); i++) {
                // 1 ns slack: times are printed to the nanosecond
                assertTrue(spans.get(i)[0] >= spans.get(i - 1)[1] - 2e-3, "overlap on " + thread.getKey());
            }
        }
    }
}

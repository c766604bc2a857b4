package io.sparsim.reports.plan;

import io.sparsim.reports.doc.Block;
import io.sparsim.reports.doc.Document;
import io.sparsim.reports.doc.Fields;
import io.sparsim.reports.doc.Grid;
import io.sparsim.reports.doc.Note;
import io.sparsim.reports.doc.Section;
import io.sparsim.reports.units.Unit;
import java.util.ArrayList;
import java.util.List;

/** The plans as people read them. */
public final class PlanDocuments {
    private PlanDocuments() {}

    public static Document serve(ServePlan p, List<Block> figures) {
        Fields header = Fields.builder().text("model", p.model())
                .add("rate", p.rate(), Unit.TOKENS_PER_SECOND)
                .add("input tokens", p.input(), Unit.COUNT).add("output tokens", p.output(), Unit.COUNT)
                .add("TPOT SLO", p.tpotSeconds(), Unit.SECONDS).add("TTFT SLO", p.ttftSeconds(), Unit.SECONDS)
                .text("prices", prices(p.priceNote()))
                .add("configurations simulated", p.evaluated(), Unit.COUNT).build();
        Note note = new Note(p.rate() == null
                ? "Each option is the replica with the highest output throughput per device within the SLOs."
                : "Each option is the cheapest configuration (fewest devices without prices) that serves the rate "
                        + "within the SLOs. Power is the profiles' board or system limit (tdp), so energy per token "
                        + "is an upper bound.");
        return document("plan serve: " + p.model(), header, note, figures, Grid.over("options", p.options())
                .text("hw", ServeOption::hw)
                .text("sparsity", ServeOption::sparsity)
                .col("devices", "devices", Unit.COUNT, ServeOption::devices)
                .col("tp", "tp", Unit.COUNT, ServeOption::tp)
                .col("systemsPerReplica", "systems/replica", Unit.COUNT, ServeOption::systemsPerReplica)
                .col("replicas", "replicas", Unit.COUNT, ServeOption::replicas)
                .col("batch", "batch", Unit.COUNT, ServeOption::batch)
                .col("tokensPerSecond", "throughput", Unit.TOKENS_PER_SECOND, ServeOption::tokensPerSecond)
                .col("tokensPerSecondPerDevice", "per device", Unit.TOKENS_PER_SECOND,
                        ServeOption::tokensPerSecondPerDevice)
                .col("ttftSeconds", "TTFT", Unit.SECONDS, ServeOption::ttftSeconds)
                .col("tpotSeconds", "TPOT", Unit.SECONDS, ServeOption::tpotSeconds)
                .col("powerWatts", "power", Unit.WATTS, ServeOption::powerWatts)
                .col("joulesPerToken", "energy/token", Unit.JOULES, ServeOption::joulesPerToken)
                .col("costPerHour", "$/hour", Unit.DOLLARS, ServeOption::costPerHour)
                .col("costPerMillionTokens", "$/M tokens", Unit.DOLLARS, ServeOption::costPerMillionTokens)
                .text("feasible", o -> o.feasible() ? "yes" : "no: " + o.reason()).build());
    }

    public static Document train(TrainPlan p, List<Block> figures) {
        Fields header = Fields.builder().text("model", p.model())
                .add("parameters", p.parameters(), Unit.COUNT)
                .add("tokens", p.tokens(), Unit.NUMBER).add("sequence length", p.seq(), Unit.COUNT)
                .add("days (budget)", p.days(), Unit.DAYS).add("devices (fixed)", p.devices(), Unit.COUNT)
                .text("SAT ladder", p.ladder())
                .text("prices", prices(p.priceNote()))
                .add("configurations simulated", p.evaluated(), Unit.COUNT).build();
        Note note = new Note("MFU is the dense model's FLOPs per second over the devices' dense peak; useful "
                + "MFU counts only the FLOPs a sparse run does. Energy uses the profiles' power limits (tdp): an "
                + "upper bound.");
        return document("plan train: " + p.model(), header, note, figures, Grid.over("options", p.options())
                .text("hw", TrainOption::hw)
                .text("sparsity", TrainOption::sparsity)
                .col("devices", "devices", Unit.COUNT, TrainOption::devices)
                .col("tp", "tp", Unit.COUNT, TrainOption::tp)
                .col("pp", "pp", Unit.COUNT, TrainOption::pp)
                .col("dp", "dp", Unit.COUNT, TrainOption::dp)
                .col("zero", "ZeRO", Unit.COUNT, TrainOption::zero)
                .col("stepSeconds", "step", Unit.SECONDS, TrainOption::stepSeconds)
                .col("days", "days", Unit.DAYS, TrainOption::days)
                .col("mfu", "MFU", Unit.FRACTION, TrainOption::mfu)
                .col("usefulMfu", "useful MFU", Unit.FRACTION, TrainOption::usefulMfu)
                .col("powerWatts", "power", Unit.WATTS, TrainOption::powerWatts)
                .col("energyMegawattHours", "energy", Unit.MEGAWATT_HOURS, TrainOption::energyMegawattHours)
                .col("cost", "cost", Unit.DOLLARS, TrainOption::cost)
                .text("feasible", o -> o.feasible() ? "yes" : "no: " + o.reason()).build());
    }

    private static String prices(String note) {
        return note == null ? "none given (no cost shown)" : note;
    }

    /** A plan's page: its inputs and how to read it, the charts when there are any, then the options. */
    private static Document document(String title, Fields header, Note note, List<Block> figures, Grid options) {
        List<Section> sections = new ArrayList<>();
        sections.add(Section.of("", header, note));
        if (!figures.isEmpty()) {
            sections.add(new Section("Charts", figures));
        }
        sections.add(Section.of("Options", options));
        return new Document(title, sections);
    }
}

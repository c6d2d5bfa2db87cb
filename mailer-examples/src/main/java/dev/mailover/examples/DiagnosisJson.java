package dev.mailover.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mailover.Diagnosis;
import dev.mailover.Finding;

/**
 * {@code doctor --json}: a diagnosis as one JSON object, {@code {target, healthy, recommendation,
 * findings: [{subject, step, port, status, detail, hint}]}}, for scripts and monitoring. Holds no
 * secret, because the diagnosis masks its own.
 */
final class DiagnosisJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DiagnosisJson() {
    }

    static String of(Diagnosis d) {
        ObjectNode root = JSON.createObjectNode();
        root.put("target", d.target());
        root.put("healthy", d.healthy());
        root.put("recommendation", d.recommendation());
        ArrayNode findings = root.putArray("findings");
        for (Finding f : d.findings()) {
            findings.addObject().put("subject", f.subject()).put("step", f.step()).put("port", f.port())
                    .put("status", f.status().name()).put("detail", f.detail()).put("hint", f.hint());
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a diagnosis could not be written as JSON", e);
        }
    }
}

package org.clustersim.report.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.clustersim.report.Fixtures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SummaryCsvTest {

    @Test
    void headlineNumbersReadBackExactly() {
        JsonNode json = Fixtures.resultJson(Fixtures.run(Fixtures.EXAMPLES.resolve("minimal.yaml"),
                "name=a, \"quoted\" name"));
        String csv = SummaryCsv.render(json);
        List<List<String>> rows = parse(csv);
        assertThat(rows.get(0)).containsExactly("scenario", "metric", "value", "unit");
        List<String> days = rows.stream().filter(r -> r.get(1).equals("run.wallClockDays")).findFirst().orElseThrow();
        assertThat(days.get(0)).isEqualTo("a, \"quoted\" name");
        assertThat(Double.parseDouble(days.get(2))).isEqualTo(json.path("run").path("wallClockDays").asDouble());
        List<String> rental = rows.stream().filter(r -> r.get(1).equals("cost.rentalUsd")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(rental.get(2))).isEqualTo(json.path("cost").path("rentalUsd").asDouble());
        assertThat(rows).allSatisfy(r -> assertThat(r).hasSize(4));
        assertThat(csv).contains("\r\n").contains("\"a, \"\"quoted\"\" name\"");
    }

    /** A small RFC 4180 reader: enough to prove the quoting reads back. */
    static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r') {
                continue;
            } else if (c == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        return rows;
    }
}

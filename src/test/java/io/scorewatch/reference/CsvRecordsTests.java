package io.scorewatch.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class CsvRecordsTests {

    @Test
    void readsQuotedFieldsEscapedQuotesAndLineBreaksInsideQuotes() throws IOException {
        List<List<String>> records = new CsvRecords(new StringReader(
                "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",3\n\"two\nlines\",,\n")).readAll();
        assertThat(records).containsExactly(List.of("a", "b", "c"), List.of("x, y", "say \"hi\"", "3"),
                List.of("two\nlines", "", ""));
    }

    @Test
    void namesTheLineWhereARecordStartsAndSkipsBlankLines() throws IOException {
        CsvRecords csv = new CsvRecords(new StringReader("h\n\n\"multi\nline\"\nlast"));
        List<String> fields = new ArrayList<>();
        csv.next(fields);
        assertThat(csv.recordLine()).isEqualTo(1);
        csv.next(fields);
        assertThat(csv.recordLine()).isEqualTo(3);
        csv.next(fields);
        assertThat(csv.recordLine()).isEqualTo(5);
        assertThat(fields).containsExactly("last");
        assertThat(csv.next(fields)).isFalse();
    }

    @Test
    void anUnclosedQuoteIsMalformed() {
        assertThatThrownBy(() -> new CsvRecords(new StringReader("a\n\"open\n")).readAll())
                .isInstanceOf(MalformedCsvException.class);
        assertThatThrownBy(() -> new CsvRecords(new StringReader("a\n\"x\"y\n")).readAll())
                .isInstanceOf(MalformedCsvException.class);
    }

    @Test
    void aColumnTurnsCategoricalAtItsFirstNonNumberAndKeepsEarlierNumbersAsText() {
        ReferenceColumnBuilder column = new ReferenceColumnBuilder("code");
        for (String cell : List.of("1", "2.0", "", "NA", "A7", "1")) {
            column.add(cell);
        }
        assertThat(column.isNumeric()).isFalse();
        assertThat(column.categoryCounts()).containsExactlyInAnyOrderEntriesOf(
                java.util.Map.of("1", 2L, "2", 1L, "A7", 1L));
        assertThat(column.missingCount()).isEqualTo(2);
    }

    @Test
    void numbersAreWhatCsvWritersWriteNotJavaLiterals() {
        assertThat(ReferenceColumnBuilder.parseNumber("-1.5e3")).isEqualTo(-1500);
        assertThat(ReferenceColumnBuilder.parseNumber(" 42 ")).isEqualTo(42);
        assertThat(ReferenceColumnBuilder.parseNumber("1d")).isNaN();
        assertThat(ReferenceColumnBuilder.parseNumber("0x10")).isNaN();
        assertThat(ReferenceColumnBuilder.parseNumber("Infinity")).isNaN();
    }
}

package hypercolumn.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CSV reader against small tables written here, with the expected numbers, class indices and
 * messages written by hand.
 */
class CsvReaderTest {

  private static final String FLOWERS = """
      sepal_length,sepal_width,species,petal_length
      5.1,3.5,setosa,1.4
      7.0,3.2,versicolor,4.7

      6.3,3.3,virginica,6.0
      4.9,3.0,setosa,1.4
      """;

  @Test
  void aHeaderNamesTheLabelAndTheOtherColumnsAreFeaturesInFileOrder() throws IOException {
    CsvTable table = CsvReader.withHeader().label("species").read(FLOWERS, "flowers.csv");
    assertEquals(List.of("sepal_length", "sepal_width", "petal_length"), table.featureNames());
    assertEquals(List.of("setosa", "versicolor", "virginica"), table.classNames());
    assertArrayEquals(new int[] {0, 1, 2, 0}, table.classIndices());
    Dataset data = table.dataset();
    assertEquals(4, data.size());
    assertArrayEquals(new float[] {5.1f, 3.5f, 1.4f, 7.0f, 3.2f, 4.7f, 6.3f, 3.3f, 6.0f, 4.9f, 3.0f, 1.4f},
        data.features());
    assertArrayEquals(new float[] {0, 1, 2, 0}, data.labels());
    assertEquals(2, table.classIndex("virginica"));
  }

  @Test
  void chosenColumnsComeInTheOrderAsked() throws IOException {
    CsvTable table = CsvReader.withHeader().label(2).features("petal_length", "sepal_length")
        .read(FLOWERS, "flowers.csv");
    assertEquals(List.of("petal_length", "sepal_length"), table.featureNames());
    assertArrayEquals(new float[] {1.4f, 5.1f}, table.features()[0]);
    assertArrayEquals(new float[] {6.0f, 6.3f}, table.features()[2]);
  }

  @Test
  void numericLabelsAreSortedAsNumbersNotAsStrings() throws IOException {
    CsvTable table = CsvReader.withoutHeader().label(0).read("10,1.5\n9,2\n10,3\n2,4\n", "n.csv");
    // As strings "10" < "2" < "9"; as numbers 2 < 9 < 10.
    assertEquals(List.of("2", "9", "10"), table.classNames());
    assertArrayEquals(new int[] {2, 1, 2, 0}, table.classIndices());
    assertEquals(List.of("1"), table.featureNames());
    assertArrayEquals(new float[] {1.5f, 2f, 3f, 4f}, table.dataset().features());
  }

  @Test
  void withoutALabelOnlyFeaturesAreRead() throws IOException {
    CsvTable table = CsvReader.withoutHeader().delimiter(';').read(" 1 ; \"2\" \n3;-4e1\n", "semi.csv");
    assertFalse(table.hasLabels());
    assertArrayEquals(new float[] {1f, 2f}, table.features()[0]);
    assertArrayEquals(new float[] {3f, -40f}, table.features()[1]);
  }

  @Test
  void quotedFieldsMayHoldTheDelimiterAndDoubledQuotes() throws IOException {
    CsvTable table = CsvReader.withHeader().delimiter(';').label("name")
        .read("x;name\n1;\"a;\"\"b\"\"\"\n2;plain\n", "q.csv");
    assertEquals(List.of("a;\"b\"", "plain"), table.classNames());
  }

  @Test
  void scikitLearnsCountHeaderGivesTheClassNames() throws IOException {
    String iris = "3,4,setosa,versicolor,virginica\n5.1,3.5,1.4,0.2,0\n6.4,3.2,4.5,1.5,1\n"
        + "6.3,3.3,6.0,2.5,2\n";
    CsvTable table = CsvReader.sklearn().read(iris, "iris.csv");
    assertEquals(List.of("setosa", "versicolor", "virginica"), table.classNames());
    assertArrayEquals(new int[] {0, 1, 2}, table.classIndices());
    assertEquals(List.of("0", "1", "2", "3"), table.featureNames());
    assertArrayEquals(new float[] {6.4f, 3.2f, 4.5f, 1.5f}, table.features()[1]);
  }

  @Test
  void aFileOnDiskIsReadAsUtf8WithItsByteOrderMark(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("t.csv");
    Files.writeString(file, "\uFEFFfläche,klasse\r\n2.5,ja\r\n1,nein\r\n");
    CsvTable table = CsvReader.withHeader().label("klasse").read(file);
    assertEquals(List.of("fläche"), table.featureNames());
    assertEquals(List.of("ja", "nein"), table.classNames());
  }

  @Test
  void aWordInAFeatureColumnNamesTheLineAndTheColumn() {
    IOException e = assertThrows(IOException.class, () -> CsvReader.withHeader().label("species")
        .read(FLOWERS.replace("6.3,3.3", "6.3,wide"), "flowers.csv"));
    // Line 5: the header, two rows and a blank line come before it.
    assertEquals("flowers.csv line 5: column 'sepal_width' (index 1): 'wide' is not a number;"
        + " every feature column must hold numbers", e.getMessage());
  }

  @Test
  void aShortRowIsAnErrorSayingHowManyColumnsWereExpected() {
    IOException e = assertThrows(IOException.class,
        () -> CsvReader.withoutHeader().read("1,2,3\n4,5\n", "short.csv"));
    assertEquals("short.csv line 2: expected 3 columns as the first row has, found 2", e.getMessage());
  }

  @Test
  void anEmptyFieldNaNOrAnEmptyLabelIsAnError() {
    IOException empty = assertThrows(IOException.class,
        () -> CsvReader.withHeader().read("a,b\n1,\n", "e.csv"));
    assertEquals("e.csv line 2: column 'b' (index 1): the field is empty; every feature column"
        + " must hold numbers", empty.getMessage());
    IOException nan = assertThrows(IOException.class,
        () -> CsvReader.withoutHeader().read("1,NaN\n", "nan.csv"));
    assertEquals("nan.csv line 1: column index 1: 'NaN' is not a finite float", nan.getMessage());
    IOException label = assertThrows(IOException.class,
        () -> CsvReader.withHeader().label("y").read("x,y\n1,a\n2, \n", "l.csv"));
    assertEquals("l.csv line 3: column 'y' (index 1): the label is empty", label.getMessage());
  }

  @Test
  void anUnknownColumnNameListsTheColumnsThereAre() {
    IOException e = assertThrows(IOException.class,
        () -> CsvReader.withHeader().label("specie").read(FLOWERS, "flowers.csv"));
    assertEquals("flowers.csv: no column named 'specie'; the header names sepal_length,"
        + " sepal_width, species, petal_length", e.getMessage());
    IOException range = assertThrows(IOException.class,
        () -> CsvReader.withoutHeader().label(5).read("1,2\n", "r.csv"));
    assertEquals("r.csv: label column index 5 is out of range; the file has 2 columns", range.getMessage());
  }

  @Test
  void aCountHeaderThatDisagreesWithTheRowsIsAnError() {
    IOException rows = assertThrows(IOException.class,
        () -> CsvReader.sklearn().read("3,2,a,b\n1,2,0\n3,4,1\n", "c.csv"));
    assertEquals("c.csv line 1: the count header says 3 rows, the file has 2", rows.getMessage());
    IOException width = assertThrows(IOException.class,
        () -> CsvReader.sklearn().read("1,2,a,b\n1,2,3,0\n", "c.csv"));
    assertEquals("c.csv line 2: expected 2 features and a class index (3 columns) as the count"
        + " header says, found 4", width.getMessage());
    IOException index = assertThrows(IOException.class,
        () -> CsvReader.sklearn().read("2,1,a,b\n1,0\n2,2\n", "c.csv"));
    assertEquals("c.csv line 3, column index 1: class index '2' is not one of 0 to 1 for the"
        + " classes the count header names (a, b)", index.getMessage());
  }

  @Test
  void choosingAColumnByNameWithoutAHeaderIsRejectedAtOnce() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> CsvReader.withoutHeader().label("species"));
    assertEquals("label(\"species\") chooses a column by header name, but this reader reads"
        + " files without a header; choose the column by index", e.getMessage());
  }
}

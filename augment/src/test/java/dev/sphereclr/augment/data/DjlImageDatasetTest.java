package dev.sphereclr.augment.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.basicdataset.cv.classification.ImageFolder;
import dev.sphereclr.encoder.image.RgbImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DjlImageDatasetTest {

    @TempDir Path tmp;

    @Test
    void aDjlImageFolderReadsAsTheSameImagesAndLabels() throws IOException {
        Path root = tmp.resolve("folder");
        Fixtures.write(Fixtures.rgb(6, 5, 10), root.resolve("ant/a.png"));
        Fixtures.write(Fixtures.rgb(6, 5, 11), root.resolve("ant/b.png"));
        Fixtures.write(Fixtures.rgb(6, 5, 100), root.resolve("zebra/c.png"));
        ImageFolder djl =
                ImageFolder.builder().setRepositoryPath(root).setSampling(1, false).build();

        DjlImageDataset data = DjlImageDataset.of(djl);

        assertEquals(List.of("ant", "zebra"), data.classes());
        assertEquals(3, data.size());
        int[] perClass = new int[2];
        for (int i = 0; i < data.size(); i++) {
            RgbImage image = data.image(i);
            assertEquals(6, image.height());
            assertEquals(5, image.width());
            int base = image.get(0, 0, 2); // blue holds the fixture's base
            assertEquals(base >= 100 ? 1 : 0, data.label(i), "label of record " + i);
            for (int y = 0; y < 6; y++) {
                for (int x = 0; x < 5; x++) {
                    assertEquals(base + x, image.get(y, x, 0), "red at " + y + "," + x);
                    assertEquals(base + y, image.get(y, x, 1), "green at " + y + "," + x);
                }
            }
            perClass[data.label(i)]++;
        }
        assertEquals(2, perClass[0]);
        assertEquals(1, perClass[1]);
    }
}

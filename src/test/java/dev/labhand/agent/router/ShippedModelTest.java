package dev.labhand.agent.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class ShippedModelTest {

    private static final List<String> SENTENCES = List.of("stop gpu1", "gpu-vm 꺼줘", "my-jupyter 접속 주소 알려줘",
            "CUDA not available in gpu1", "restrat r-study", "thanks!");

    @Test
    void should_ship_a_model_trained_by_the_build_from_the_data_on_the_class_path() {
        // given the classes the build produced (process-classes trained and wrote /router/model.bin)
        // when the router gets its model
        TrainedModel shared = TrainedModel.shared();

        // then it was loaded, not trained in this process
        assertThat(ShippedModel.load()).isPresent();
        assertThat(shared.shipped()).isTrue();
    }

    @Test
    void should_read_back_exactly_the_model_it_wrote() throws Exception {
        // given a model trained now on part of the train split
        TrainedModel trained = TrainedModel.train(LabelledData.split("train").subList(0, 400), IntentModel.Settings.DEFAULT);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        // when it is written and read back
        ShippedModel.write(trained, bytes, ShippedModel.dataHash());
        TrainedModel read = ShippedModel.read(new ByteArrayInputStream(bytes.toByteArray())).orElseThrow();

        // then every sentence reads and scores the same
        Known world = LabelledData.world();
        for (String s : SENTENCES) {
            Reading a = trained.reader().read(s, world, Set.of());
            Reading b = read.reader().read(s, world, Set.of());
            assertThat(b.features).as(s).isEqualTo(a.features);
            assertThat(read.probabilities(b.features)).as(s).containsExactly(trained.probabilities(a.features));
        }
        assertThat(read.seenValues()).isEqualTo(trained.seenValues());
    }

    @Test
    void should_not_use_a_model_trained_from_other_data() throws Exception {
        // given a model file that says it was trained from other data (train.tsv edited without a rebuild)
        TrainedModel trained = TrainedModel.train(LabelledData.split("train").subList(0, 100), IntentModel.Settings.DEFAULT);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ShippedModel.write(trained, bytes, "0".repeat(64));

        // when it is read, then it is refused (the router trains at first use instead)
        assertThat(ShippedModel.read(new ByteArrayInputStream(bytes.toByteArray()))).isEmpty();
    }
}

package dev.labhand.agent.router;

import java.util.List;
import java.util.Map;

/** What the offline router made of one sentence. */
public sealed interface Route permits Route.Call, Route.Clarify, Route.Choose, Route.NotUnderstood {

    /** Call {@code tool} with {@code args}; the gateway still validates, authorises and confirms. */
    record Call(String tool, Map<String, String> args) implements Route {
        public Call {
            args = Map.copyOf(args);
        }
    }

    /**
     * One argument is missing or ambiguous: ask {@code question} (in the caller's language) and call
     * {@code tool} once the member answers.
     *
     * @param choices the values the answer may pick from ("the second one"), empty when any value goes
     */
    record Clarify(String tool, Map<String, String> partialArgs, String missingParam, String question,
                   List<String> choices) implements Route {
        public Clarify {
            partialArgs = Map.copyOf(partialArgs);
            choices = List.copyOf(choices);
        }

        public Clarify(String tool, Map<String, String> partialArgs, String missingParam, String question) {
            this(tool, partialArgs, missingParam, question, List.of());
        }
    }

    /**
     * The router is unsure which tool is meant (the model's best is below the confidence threshold): ask
     * {@code question} once; the answer picks one of {@code options} by its number.
     */
    record Choose(List<Route> options, String question) implements Route {
        public Choose {
            options = List.copyOf(options);
        }
    }

    /** No tool fits the sentence. */
    record NotUnderstood() implements Route {}
}

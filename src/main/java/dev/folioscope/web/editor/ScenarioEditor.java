package dev.folioscope.web.editor;

import com.vaadin.flow.component.ClientCallable;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.HasStyle;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import com.vaadin.flow.function.SerializableConsumer;
import com.vaadin.flow.shared.Registration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A scenario text editor: CodeMirror 6 with YAML highlighting, the validator's first problem
 * marked at its line and column as the user types, and completion of the format's words.
 *
 * <p>The client element {@code <fs-scenario-editor>} ({@code frontend/scenario-editor.js}) asks
 * {@link #lint} about its text 300 ms after the last change; the answer comes from
 * {@link Validation}, that is from the same parser as the command line's. Completion works in the
 * browser from {@link Vocabulary}, sent once. Ctrl+Enter (Cmd+Enter) in the editor, or
 * {@link #run()}, sends the text to the run listeners. Tab indents; Escape then Tab leaves the
 * editor (CodeMirror's tab-focus mode), so the keyboard is never trapped.
 */
@Tag("fs-scenario-editor")
@NpmPackage(value = "codemirror", version = "6.0.2")
@NpmPackage(value = "@codemirror/state", version = "6.7.6")
@NpmPackage(value = "@codemirror/view", version = "6.43.15")
@NpmPackage(value = "@codemirror/commands", version = "6.11.1")
@NpmPackage(value = "@codemirror/language", version = "6.13.1")
@NpmPackage(value = "@codemirror/lang-yaml", version = "6.1.3")
@NpmPackage(value = "@codemirror/lint", version = "6.9.8")
@NpmPackage(value = "@codemirror/autocomplete", version = "6.20.4")
@NpmPackage(value = "@lezer/highlight", version = "1.2.5")
@JsModule("./scenario-editor.js")
public class ScenarioEditor extends Component implements HasSize, HasStyle {
    private final List<SerializableConsumer<Validation>> validationListeners = new ArrayList<>();

    /**
     * ScenarioEditor() - an empty editor that fills its container.
     */
    public ScenarioEditor() {
        getElement().setProperty("vocabulary", Vocabulary.JSON);
        setSizeFull();
    }

    /**
     * setText() - replace the whole text, as loading a file does; the new text is linted at once.
     *
     * <p>Context: UI thread. Sent as a call rather than a property, so that loading the same text
     * again (after edits) still replaces what the editor holds.
     *
     * @param text the scenario text
     */
    public void setText(String text) {
        Objects.requireNonNull(text, "text");
        getElement().executeJs("customElements.whenDefined(this.localName).then(() => this.load($0))", text);
    }

    /**
     * run() - send the editor's current text to the run listeners, as Ctrl+Enter does.
     *
     * <p>Context: UI thread; the listeners run on a later round trip, once the browser has answered.
     */
    public void run() {
        getElement().callJsFunction("run");
    }

    /**
     * addRunListener() - listen to run requests (Ctrl+Enter, {@link #run()}).
     *
     * @param listener called on the UI thread with the editor's whole text
     * @return a registration that removes the listener.
     */
    public Registration addRunListener(SerializableConsumer<String> listener) {
        return getElement().addEventListener("editor-run", e -> listener.accept(e.getEventData()
                .get("event.detail.text").asString())).addEventData("event.detail.text");
    }

    /**
     * addValidationListener() - listen to the outcome of each validation of the text.
     *
     * @param listener called on the UI thread with the steps or the first problem
     * @return a registration that removes the listener.
     */
    Registration addValidationListener(SerializableConsumer<Validation> listener) {
        validationListeners.add(listener);
        return () -> validationListeners.remove(listener);
    }

    /**
     * lint() - validate the browser's text: the linter's source, called about 300 ms after the
     * last change.
     *
     * @param text the whole text
     * @return the diagnostics as a JSON array (see {@link Validation#diagnosticsJson}).
     */
    @ClientCallable
    String lint(String text) {
        Validation v = Validation.of(text == null ? "" : text);
        List.copyOf(validationListeners).forEach(l -> l.accept(v));
        return v.diagnosticsJson();
    }
}

package dev.folioscope.web.debugger;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.folioscope.store.Bookmark;

/**
 * The small form of the {@link BookmarkPanel} that adds a bookmark or edits one in place: a title
 * (required), a note, Save (or Enter in the title) and Cancel (or Esc), and a line for what went
 * wrong. It only holds the text; the panel decides what Save does with it.
 */
final class BookmarkForm extends Div {
    private final TextField title = new TextField();
    private final TextArea note = new TextArea();
    private final Span problem = new Span();

    BookmarkForm(Runnable save, Runnable cancel) {
        setId("fs-bm-form");
        addClassName("fs-bm-form");
        title.setId("fs-bm-title");
        title.setPlaceholder("Title");
        title.setAriaLabel("Bookmark title");
        title.setRequired(true);
        title.setMaxLength(Bookmark.TITLE_MAX_LENGTH);
        title.addKeyPressListener(Key.ENTER, e -> save.run());
        note.setId("fs-bm-note");
        note.setPlaceholder("Note (optional)");
        note.setAriaLabel("Bookmark note");
        note.setMaxLength(Bookmark.NOTE_MAX_LENGTH);
        Button saveButton = new Button("Save", e -> save.run());
        saveButton.setId("fs-bm-save");
        saveButton.addThemeVariants(ButtonVariant.PRIMARY, ButtonVariant.SMALL);
        Button cancelButton = new Button("Cancel", e -> cancel.run());
        cancelButton.setId("fs-bm-cancel");
        cancelButton.addThemeVariants(ButtonVariant.TERTIARY, ButtonVariant.SMALL);
        problem.setId("fs-bm-problem");
        problem.addClassName("fs-bm-problem");
        Div buttons = new Div(saveButton, cancelButton);
        buttons.addClassName("fs-bm-form-buttons");
        add(title, note, problem, buttons);
        getElement().addEventListener("keydown", e -> cancel.run()).setFilter("event.key === 'Escape'");
    }

    /**
     * fill() - show a title and a note to edit, no problem, the title focused and selected (typing
     * replaces a prefilled title).
     */
    void fill(String titleText, String noteText) {
        title.setValue(titleText);
        note.setValue(noteText);
        problem.setText("");
        focusTitle();
    }

    /** Puts the keyboard focus into the title, its text selected. */
    void focusTitle() {
        title.getElement().executeJs("requestAnimationFrame(() => { this.focus(); this.inputElement.select(); })");
    }

    String title() {
        return title.getValue();
    }

    String note() {
        return note.getValue();
    }

    /** Says what went wrong; the text typed stays, to be saved again. */
    void problem(String text) {
        problem.setText(text);
    }
}

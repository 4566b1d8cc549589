package dev.folioscope.web.debugger;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.NativeButton;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import dev.folioscope.scenario.ScenarioException;
import dev.folioscope.store.Bookmark;
import dev.folioscope.store.BookmarkConflictException;
import dev.folioscope.store.StoreFullException;
import dev.folioscope.web.base.Echo;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Panel (g), under the event list: the scenario's {@link Bookmarks} in step order, each with its
 * step, title, focus and the first lines of its note (all of it in the tooltip). A click on a
 * bookmark, or Enter on it, moves the cursor to its step and focus; the bookmarks at the cursor's
 * step are highlighted. Add (or the key b) opens a form prefilled with the current event; Edit
 * turns a bookmark into that form in place; Delete asks once more. One form at a time: it is
 * saved or cancelled before another opens.
 *
 * <p>A change saved on another page open on the scenario shows here at once, the form and its text
 * left as they are. A change someone else saved first is not overwritten: the refusal is shown in
 * the form, with their version above it and the user's text kept in it, to be saved again over theirs.
 */
final class BookmarkPanel extends Panel {
    static final String HELP = "Bookmarks are stored with the scenario: everyone who has the scenario's link"
            + " (Share, or a named link) sees them and can change them; on a shipped scenario, everyone.";

    private final Cursor cursor;
    private final Bookmarks bookmarks;
    private final Div rows = new Div();
    private final Span status = new Span();
    private final BookmarkForm form = new BookmarkForm(this::save, this::closeForm);
    private boolean formOpen;
    /** The bookmark the form edits, as read; null while it adds one. */
    private Bookmark editing;
    /** Where the form adds a bookmark: the cursor's moment when it was opened. */
    private int addStep;
    private String addFocus = "";
    /** Whether saving {@link #editing} was refused: its fresh version is then shown above the form. */
    private boolean conflicted;
    /** The bookmark whose Delete asks for confirmation, or null. */
    private Long confirming;

    BookmarkPanel(Cursor cursor, Bookmarks bookmarks) {
        super("Bookmarks", "fs-bookmarks", cursor);
        this.cursor = cursor;
        this.bookmarks = bookmarks;
        Button add = new Button("Add", VaadinIcon.PLUS.create(), e -> startAdding());
        add.setId("fs-bm-add");
        add.addThemeVariants(ButtonVariant.TERTIARY, ButtonVariant.SMALL);
        add.setTooltipText("Bookmark this step and focus (key b)");
        Span help = new Span("?");
        help.addClassName("fs-bm-help");
        help.getElement().setAttribute("title", HELP).setAttribute("aria-label", HELP).setAttribute("tabindex", "0");
        addTool(add, help);
        status.setId("fs-bm-status");
        status.addClassName("fs-bm-problem");
        rows.setId("fs-bm-list");
        rows.addClassName("fs-bm-list");
        body().add(status, rows);
        Cursor.whileAttached(this, () -> bookmarks.addListener(this::rebuild));
        Cursor.whileAttached(this, () -> bookmarks.watch(getUI().orElseThrow()));
        rebuild();
    }

    /**
     * Opens the form to add a bookmark at the cursor, its title the current event's summary; while
     * the form is open already (adding or editing), only brings it back into focus, so that no
     * text typed into it is thrown away.
     */
    void startAdding() {
        if (formOpen) {
            form.focusTitle();
            return;
        }
        editing = null;
        conflicted = false;
        addStep = cursor.step();
        addFocus = CursorParams.focusQuery(cursor.focus());
        formOpen = true;
        rebuild();
        form.fill(Echo.shortened(currentEvent(), Bookmark.TITLE_MAX_LENGTH), "");
    }

    @Override
    protected void render() {
        rows.getChildren().forEach(c -> c.getElement().getClassList().set("fs-bm-current",
                Objects.equals(c.getElement().getAttribute("data-step"), Integer.toString(cursor.step()))));
    }

    private void startEditing(Bookmark b) {
        if (formOpen) {
            form.focusTitle();
            return;
        }
        editing = b;
        conflicted = false;
        formOpen = true;
        rebuild();
        form.fill(b.title(), b.note());
    }

    private void save() {
        try {
            if (editing == null) {
                bookmarks.add(addStep, addFocus, form.title(), form.note());
            } else {
                bookmarks.update(editing.withText(form.title(), form.note()));
            }
            closeForm();
        } catch (BookmarkConflictException e) {
            refused(e);
        } catch (IllegalArgumentException | StoreFullException | ScenarioException e) {
            form.problem("Not saved: " + e.getMessage());
        }
    }

    /** Someone else saved first: show their version, keep the user's text in the form to save over it. */
    private void refused(BookmarkConflictException e) {
        Bookmark mine = editing;
        editing = bookmarks.list().stream().filter(b -> b.id().equals(mine.id())).findFirst().orElse(null);
        if (editing == null) {
            addStep = mine.step();
            addFocus = mine.focusQuery();
        }
        conflicted = editing != null;
        rebuild();
        form.problem(e.getMessage() + (editing != null
                ? " Their version is shown above; your text is still here: Save puts it over theirs."
                : " It was deleted; your text is still here: Save adds it again."));
    }

    private void closeForm() {
        formOpen = false;
        editing = null;
        conflicted = false;
        rebuild();
    }

    private void delete(Bookmark b) {
        confirming = null;
        try {
            bookmarks.delete(b);
            status.setText("");
        } catch (BookmarkConflictException e) {
            status.setText("Not deleted: " + e.getMessage());
        }
        rebuild();
    }

    private void confirm(Long id) {
        confirming = id;
        rebuild();
    }

    /**
     * Lays the rows (and the form, where it is open) out again from {@link Bookmarks#list()}. An
     * open form stays attached while the rows around it are replaced, so that a change arriving
     * from another page takes neither the keyboard focus nor the text from someone typing in it.
     */
    private void rebuild() {
        setHeading("Bookmarks (" + bookmarks.list().size() + ")");
        List<Component> shown = new ArrayList<>();
        // the form adds one, or edits one someone else has just deleted: it keeps the user's text on top
        if (formOpen && (editing == null || bookmarks.list().stream().noneMatch(b -> b.id().equals(editing.id())))) {
            shown.add(form);
        }
        for (Bookmark b : bookmarks.list()) {
            boolean edited = formOpen && editing != null && editing.id().equals(b.id());
            if (!edited || conflicted) {
                shown.add(row(b));
            }
            if (edited) {
                shown.add(form);
            }
        }
        if (bookmarks.list().isEmpty() && !formOpen) {
            Span empty = new Span("No bookmarks yet: Add (or the key b) marks this step and focus. " + HELP);
            empty.addClassName("fs-bm-empty");
            shown.add(empty);
        }
        rows.getChildren().filter(c -> c != form || !shown.contains(form)).toList().forEach(rows::remove);
        for (int i = 0; i < shown.size(); i++) {
            if (shown.get(i) != form) {
                rows.addComponentAtIndex(i, shown.get(i));
            } else if (form.getParent().isEmpty()) {
                rows.addComponentAtIndex(i, form);
            }
        }
        render();
    }

    private Div row(Bookmark b) {
        Span step = new Span(Integer.toString(b.step()));
        step.addClassName("fs-bm-step");
        Span title = new Span(b.title());
        title.addClassName("fs-bm-title");
        Div head = new Div(step, title, tools(b));
        head.addClassName("fs-bm-head");
        Div row = new Div(head);
        String focus = focusSummary(b.focusQuery());
        if (!focus.isEmpty()) {
            Span f = new Span(focus);
            f.addClassName("fs-bm-focus");
            row.add(f);
        }
        if (!b.note().isBlank()) {
            Div note = new Div();
            note.setText(b.note());
            note.addClassName("fs-bm-note");
            row.add(note);
        }
        row.addClassName("fs-bm");
        row.getElement().setAttribute("data-step", Integer.toString(b.step())).setAttribute("tabindex", "0")
                .setAttribute("title", b.title() + (b.note().isBlank() ? "" : "\n\n" + b.note()))
                .setAttribute("aria-label", "Go to step " + b.step() + ": " + b.title());
        row.getElement().addEventListener("click", e -> bookmarks.jump(b)).setFilter("!event.target.closest('button')");
        row.getElement().addEventListener("keydown", e -> bookmarks.jump(b))
                .setFilter("event.key === 'Enter' && event.target === event.currentTarget");
        return row;
    }

    private Div tools(Bookmark b) {
        Div tools = new Div();
        tools.addClassName("fs-bm-tools");
        if (b.id().equals(confirming)) {
            NativeButton yes = new NativeButton("Delete", e -> delete(b));
            yes.addClassName("fs-bm-confirm");
            NativeButton no = new NativeButton("Keep", e -> confirm(null));
            no.addClassName("fs-bm-keep");
            tools.add(new Span("Delete?"), yes, no);
        } else {
            NativeButton edit = new NativeButton("Edit", e -> startEditing(b));
            edit.addClassName("fs-bm-edit");
            edit.getElement().setAttribute("title", "Change the title and note");
            NativeButton delete = new NativeButton("Delete", e -> confirm(b.id()));
            delete.addClassName("fs-bm-delete");
            delete.getElement().setAttribute("title", "Delete this bookmark (asks once more)");
            tools.add(edit, delete);
        }
        return tools;
    }

    /** The summary of the event at the cursor, "(boot)" at step 0. */
    private String currentEvent() {
        int step = cursor.step();
        return step == 0 ? "(boot)" : EventText.summary(cursor.recording().events().get(step), cursor.scenario());
    }

    /** A stored focus as the user reads it: {@code zone=DMA order=9 pfn=0x200}. */
    private static String focusSummary(String focusQuery) {
        StringJoiner j = new StringJoiner(" ");
        CursorParams.params(focusQuery).forEach((k, v) -> j.add(k + "=" + v));
        return j.toString();
    }
}

package dev.folioscope.web.debugger;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Input;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.popover.Popover;
import com.vaadin.flow.component.popover.PopoverPosition;
import com.vaadin.flow.component.textfield.TextField;
import dev.folioscope.scenario.ScenarioException;
import dev.folioscope.store.NameTakenException;
import dev.folioscope.store.NamedLink;
import dev.folioscope.store.NamedLinkService;
import dev.folioscope.store.StoreFullException;
import dev.folioscope.store.StoredScenario;
import dev.folioscope.web.base.Notifications;
import java.net.URI;

/**
 * The toolbar's "Share": stores the scenario's text ({@link dev.folioscope.store.ScenarioStore},
 * idempotent) and shows the permanent link to the moment on screen, {@code /s/<id>?step=N&<focus>},
 * selected for copying and copied to the clipboard where the browser allows it (a secure context:
 * https or localhost), with the number of bookmarks that go with it. Below it, "Name this moment"
 * gives the moment a name ({@link NamedLinkService}) and shows {@code /l/<name>} the same way.
 *
 * <p>Re-sharing keeps the name: on a page opened by a named link the name is prefilled, and while
 * the cursor is still at the named moment that link is shown at once; once the user has moved,
 * the name's next free variant (name-2) is prefilled instead, as the name itself is taken. A
 * button, so Tab reaches it and Enter or Space presses it; Esc closes the popover.
 */
final class ShareButton extends Button {
    private final Cursor cursor;
    private final Stores stores;
    private final Bookmarks bookmarks;
    /** The link the page was opened by, or null. */
    private final NamedLink openedBy;
    private final Popover popover = new Popover();
    private final Input link = new Input();
    private final Span status = new Span();
    private final Span bookmarkCount = new Span();
    private final TextField name = new TextField();
    private final Input namedLink = new Input();
    private final Span nameStatus = new Span();
    /** The scenario as stored by the last press of Share. */
    private StoredScenario stored;

    ShareButton(Cursor cursor, Stores stores, Bookmarks bookmarks, NamedLink openedBy) {
        super("Share", VaadinIcon.LINK.create());
        this.cursor = cursor;
        this.stores = stores;
        this.bookmarks = bookmarks;
        this.openedBy = openedBy;
        setId("fs-share");
        addThemeVariants(ButtonVariant.TERTIARY, ButtonVariant.SMALL);
        setTooltipText("A permanent link to this step and focus, for anyone with the address");
        readOnlyLink(link, "fs-share-link", "Link to this moment");
        status.setId("fs-share-status");
        bookmarkCount.setId("fs-share-bookmarks");
        name.setId("fs-share-name");
        name.setLabel("Name this moment");
        name.setPlaceholder("e.g. cow-break");
        name.setMaxLength(NamedLinkService.NAME_MAX_LENGTH);
        name.setTooltipText("Letters a\u2013z, digits, . _ - : the link becomes /l/<name>; a name, once given,"
                + " always names this moment");
        name.addKeyPressListener(Key.ENTER, e -> saveName());
        Button save = new Button("Save name", e -> saveName());
        save.setId("fs-share-save-name");
        save.addThemeVariants(ButtonVariant.SMALL);
        Div naming = new Div(name, save);
        naming.addClassName("fs-share-naming");
        readOnlyLink(namedLink, "fs-share-named-link", "Named link to this moment");
        namedLink.setVisible(false);
        nameStatus.setId("fs-share-name-status");
        Div content = new Div(new Span("Link to this moment:"), link, status, bookmarkCount, naming, namedLink,
                nameStatus);
        content.addClassName("fs-share-content");
        popover.add(content);
        popover.setTarget(this);
        popover.setOpenOnClick(false);
        popover.setPosition(PopoverPosition.BOTTOM_END);
        popover.setAutofocus(true);
        addClickListener(e -> share());
    }

    private static void readOnlyLink(Input input, String id, String label) {
        input.setId(id);
        input.getElement().setAttribute("readonly", true);
        input.getElement().setAttribute("aria-label", label);
        input.addClassName("fs-share-link");
    }

    private void share() {
        try {
            stored = stores.scenarios().store(cursor.scenario().source());
        } catch (ScenarioException | StoreFullException e) {
            Notifications.problem("This scenario cannot be shared: " + e.getMessage());
            return;
        }
        int n = bookmarks.list().size();
        bookmarkCount.setText(n == 0 ? "" : n == 1 ? "1 bookmark goes with this link." : n
                + " bookmarks go with this link.");
        nameStatus.setText("");
        namedLink.setVisible(false);
        boolean atNamedMoment = openedBy != null && openedBy.names(stored.scenarioId(), cursor.step(), focusQuery());
        if (openedBy != null) {
            name.setValue(atNamedMoment ? openedBy.name() : stores.links().freeVariant(openedBy.name()));
        }
        // The links go to /s/<id> and /l/<name> beside /debug/<name> (or /s/<id>, /l/<name>),
        // resolved against the address the browser shows: right behind a proxy or under a context path alike.
        String relative = "../" + SharedScenarioView.path(stored.scenarioId()) + "?"
                + CursorParams.queryString(CursorParams.format(cursor.step(), cursor.focus()));
        resolved(relative, url -> {
            show(link, status, url);
            if (atNamedMoment) {
                showNamed(openedBy, false);
            }
        });
    }

    private void saveName() {
        if (stored == null) {
            return;
        }
        try {
            NamedLink made = stores.links().create(name.getValue(), stored.scenarioId(), cursor.step(), focusQuery());
            name.setValue(made.name());
            showNamed(made, true);
        } catch (IllegalArgumentException | NameTakenException | StoreFullException e) {
            namedLink.setVisible(false);
            nameStatus.setText("Not saved: " + e.getMessage());
        }
    }

    private void showNamed(NamedLink named, boolean select) {
        resolved("../" + NamedLinkView.path(named.name()), url -> {
            namedLink.setVisible(true);
            if (select) {
                show(namedLink, nameStatus, url);
            } else {
                namedLink.setValue(url);
                nameStatus.setText("This page was opened by this name, and still shows its moment.");
            }
        });
    }

    private String focusQuery() {
        return CursorParams.focusQuery(cursor.focus());
    }

    private void resolved(String relative, java.util.function.Consumer<String> then) {
        getUI().ifPresent(ui -> ui.getPage().fetchCurrentURL(url -> then.accept(URI.create(url.toString())
                .resolve(relative).toString())));
    }

    /** Shows a link in the popover, selected, and copies it where the browser lets the page. */
    private void show(Input field, Span fieldStatus, String url) {
        field.setValue(url);
        fieldStatus.setText("");
        popover.open();
        field.getElement().executeJs("""
                requestAnimationFrame(() => { this.focus(); this.select(); });
                if (!navigator.clipboard || !window.isSecureContext) { return false; }
                return navigator.clipboard.writeText(this.value).then(() => true, () => false);""")
                .then(Boolean.class, copied -> fieldStatus.setText(copied ? "Copied to the clipboard."
                        : "Selected: press Ctrl+C to copy it."));
    }
}

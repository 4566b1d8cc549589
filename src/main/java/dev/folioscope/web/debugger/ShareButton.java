package dev.folioscope.web.debugger;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Input;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.popover.Popover;
import com.vaadin.flow.component.popover.PopoverPosition;
import dev.folioscope.scenario.ScenarioException;
import dev.folioscope.store.ScenarioStore;
import dev.folioscope.store.StoreFullException;
import dev.folioscope.store.StoredScenario;
import dev.folioscope.web.base.Notifications;
import java.net.URI;

/**
 * The toolbar's "Share": stores the scenario's text ({@link ScenarioStore}, idempotent) and shows
 * the permanent link to the moment on screen, {@code /s/<id>?step=N&<focus>}, selected for
 * copying and copied to the clipboard where the browser allows it (a secure context: https or
 * localhost). A button, so Tab reaches it and Enter or Space presses it; Esc closes the link.
 */
final class ShareButton extends Button {
    private final Cursor cursor;
    private final ScenarioStore store;
    private final Popover popover = new Popover();
    private final Input link = new Input();
    private final Span status = new Span();

    ShareButton(Cursor cursor, ScenarioStore store) {
        super("Share", VaadinIcon.LINK.create());
        this.cursor = cursor;
        this.store = store;
        setId("fs-share");
        addThemeVariants(ButtonVariant.TERTIARY, ButtonVariant.SMALL);
        setTooltipText("A permanent link to this step and focus, for anyone with the address");
        link.setId("fs-share-link");
        link.getElement().setAttribute("readonly", true);
        link.getElement().setAttribute("aria-label", "Link to this moment");
        link.addClassName("fs-share-link");
        status.setId("fs-share-status");
        Div content = new Div(new Span("Link to this moment:"), link, status);
        content.addClassName("fs-share-content");
        popover.add(content);
        popover.setTarget(this);
        popover.setOpenOnClick(false);
        popover.setPosition(PopoverPosition.BOTTOM_END);
        popover.setAutofocus(true);
        addClickListener(e -> share());
    }

    private void share() {
        StoredScenario stored;
        try {
            stored = store.store(cursor.scenario().source());
        } catch (ScenarioException | StoreFullException e) {
            Notifications.problem("This scenario cannot be shared: " + e.getMessage());
            return;
        }
        // The link goes to /s/<id> beside /debug/<name> (or /s/<other id>), resolved against the
        // address the browser shows: right behind a proxy or under a context path alike.
        String relative = "../" + SharedScenarioView.path(stored.scenarioId()) + "?"
                + CursorParams.queryString(CursorParams.format(cursor.step(), cursor.focus()));
        getUI().ifPresent(ui -> ui.getPage().fetchCurrentURL(url -> show(URI.create(url.toString())
                .resolve(relative).toString())));
    }

    private void show(String url) {
        link.setValue(url);
        status.setText("");
        popover.open();
        link.getElement().executeJs("""
                requestAnimationFrame(() => { this.focus(); this.select(); });
                if (!navigator.clipboard || !window.isSecureContext) { return false; }
                return navigator.clipboard.writeText(this.value).then(() => true, () => false);""")
                .then(Boolean.class, copied -> status.setText(copied ? "Copied to the clipboard."
                        : "Selected: press Ctrl+C to copy it."));
    }
}

package dev.folioscope.web.base;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;

/** The two kinds of message the UI shows: a problem the user should read, and a short info. */
public final class Notifications {
    private Notifications() {
    }

    /**
     * problem() - show a problem (bad link parameter, failed recording) for a few seconds.
     *
     * <p>Context: UI thread or under the session lock.
     *
     * @param text what went wrong and what was done instead
     * @return the notification shown.
     */
    public static Notification problem(String text) {
        Notification n = new Notification(text, 8000, Notification.Position.TOP_CENTER);
        n.addThemeVariants(NotificationVariant.LUMO_ERROR);
        n.addClassName("fs-problem");
        n.open();
        return n;
    }

    /**
     * info() - show a short informational message.
     *
     * @param text the message
     * @return the notification shown.
     */
    public static Notification info(String text) {
        Notification n = new Notification(text, 4000, Notification.Position.BOTTOM_START);
        n.addThemeVariants(NotificationVariant.LUMO_CONTRAST);
        n.open();
        return n;
    }
}

package dev.folioscope.web.base;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;

/** How the UI tells the user about a problem (long texts wrap: see folioscope.css). */
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
     * notice() - tell the user that something they asked for was done (a recording cancelled).
     *
     * <p>Context: UI thread or under the session lock.
     *
     * @return the notification shown.
     */
    public static Notification notice(String text) {
        Notification n = new Notification(text, 5000, Notification.Position.TOP_CENTER);
        n.addClassName("fs-notice");
        n.open();
        return n;
    }
}

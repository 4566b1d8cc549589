package dev.folioscope.web.debugger;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.popover.Popover;
import com.vaadin.flow.component.popover.PopoverPosition;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import dev.folioscope.recording.RecordingFile;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/**
 * The toolbar's "Export": downloads of the scenario's YAML and of its recording file, the
 * {@code .rec} that the command line's {@code record -o} writes and {@code info}, {@code compare}
 * and the scenario list's "Open a file" read. File names are the scenario's name (a shipped
 * scenario's, or a stored one's id), which the parser allows only in {@code [a-z0-9-]}: nothing
 * from outside reaches a header or a path.
 */
final class ExportButton extends Button {

    ExportButton(Cursor cursor) {
        super("Export", VaadinIcon.DOWNLOAD_ALT.create());
        setId("fs-export");
        addThemeVariants(ButtonVariant.TERTIARY, ButtonVariant.SMALL);
        setTooltipText("Download the scenario (.yaml) or its recording (.rec)");
        String name = cursor.scenario().name();
        Anchor yaml = new Anchor(DownloadHandler.fromInputStream(e -> {
            byte[] bytes = cursor.scenario().source().getBytes(StandardCharsets.UTF_8);
            return new DownloadResponse(new ByteArrayInputStream(bytes), name + ".yaml", "application/yaml",
                    bytes.length);
        }), AttachmentType.DOWNLOAD, "Scenario \u2014 " + name + ".yaml");
        yaml.setId("fs-export-yaml");
        Anchor rec = new Anchor(DownloadHandler.fromInputStream(e -> {
            byte[] bytes = RecordingFile.toBytes(cursor.recording());
            return new DownloadResponse(new ByteArrayInputStream(bytes), name + ".rec", "application/octet-stream",
                    bytes.length);
        }), AttachmentType.DOWNLOAD, "Recording \u2014 " + name + ".rec (" + cursor.lastStep() + " events)");
        rec.setId("fs-export-rec");
        rec.getElement().setAttribute("title", "The events and the scenario, compressed; opening it re-runs the"
                + " scenario and checks it gives the same events");
        Div content = new Div(yaml, rec);
        content.addClassName("fs-export-content");
        Popover popover = new Popover(content);
        popover.setTarget(this);
        popover.setPosition(PopoverPosition.BOTTOM_END);
        popover.setAutofocus(true);
    }
}

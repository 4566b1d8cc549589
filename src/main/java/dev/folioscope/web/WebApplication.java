package dev.folioscope.web;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.card.Card;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.contextmenu.ContextMenu;
import com.vaadin.flow.component.dependency.Uses;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.SvgIcon;
import com.vaadin.flow.component.listbox.ListBox;
import com.vaadin.flow.component.markdown.Markdown;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.Scroller;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.component.popover.Popover;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.slider.IntegerSlider;
import com.vaadin.flow.component.splitlayout.SplitLayout;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.component.tabs.Tabs;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.treegrid.TreeGrid;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.component.virtuallist.VirtualList;
import com.vaadin.flow.theme.lumo.Lumo;
import com.vaadin.flow.component.dependency.StyleSheet;
import dev.folioscope.web.echarts.EChart;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Spring Boot application of the web debugger and Vaadin's application shell.
 *
 * <p>Started by {@link dev.folioscope.Folioscope#main} when no CLI subcommand is given.
 * {@code @Push} lets long-running work (recording a scenario) update the UI as it goes.
 *
 * <p><b>Frontend bundle.</b> The production build scans the classes reachable from the app
 * shell and the routes and packs their web components into {@code src/main/bundles/prod.bundle}
 * (committed, so that a build needs no Node). A view that later uses a component missing from
 * that bundle makes the build rebuild it with Node. The {@code @Uses} list below therefore
 * names every standard component the debugger is likely to use, so that the committed bundle
 * already has them. Adding a component here, an npm package, or changing {@code frontend/}
 * means rebuilding the bundles: see README.md ("Frontend bundle").
 */
@SpringBootApplication(scanBasePackages = "dev.folioscope")
@Push
@StyleSheet(Lumo.STYLESHEET)
@StyleSheet(Lumo.UTILITY_STYLESHEET)
@StyleSheet(Lumo.COMPACT_STYLESHEET)
// Served as a static file (the pom copies frontend/styles/), so CSS edits need no bundle rebuild.
@StyleSheet("styles/folioscope.css")
@Uses(EChart.class)
@Uses(AppLayout.class) @Uses(DrawerToggle.class) @Uses(SideNav.class)
@Uses(HorizontalLayout.class) @Uses(VerticalLayout.class) @Uses(Scroller.class)
@Uses(SplitLayout.class) @Uses(FormLayout.class) @Uses(Card.class)
@Uses(Tabs.class) @Uses(TabSheet.class) @Uses(Details.class)
@Uses(Grid.class) @Uses(TreeGrid.class) @Uses(VirtualList.class) @Uses(ListBox.class)
@Uses(Button.class) @Uses(MenuBar.class) @Uses(ContextMenu.class)
@Uses(TextField.class) @Uses(TextArea.class) @Uses(IntegerField.class) @Uses(NumberField.class)
@Uses(IntegerSlider.class) @Uses(ComboBox.class) @Uses(Select.class)
@Uses(Checkbox.class) @Uses(CheckboxGroup.class) @Uses(RadioButtonGroup.class)
@Uses(Dialog.class) @Uses(ConfirmDialog.class) @Uses(Popover.class) @Uses(Notification.class)
@Uses(ProgressBar.class) @Uses(Upload.class) @Uses(Icon.class) @Uses(SvgIcon.class)
@Uses(Markdown.class)
public class WebApplication implements AppShellConfigurator {

    /** The favicon: a page glyph in the accent colour (an SVG, which every current browser takes). */
    @Override
    public void configurePage(com.vaadin.flow.server.AppShellSettings settings) {
        settings.addFavIcon("icon", "icons/favicon.svg", "any");
    }
}

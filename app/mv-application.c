/* SPDX-License-Identifier: MIT */
#include "config.h"

#include "mv-application.h"
#include "mv-window.h"

struct _MvApplication
{
  GtkApplication parent_instance;

  GSettings      *interface_settings;
  GDBusProxy     *portal;
};

G_DEFINE_FINAL_TYPE (MvApplication, mv_application, GTK_TYPE_APPLICATION)

/* --- the system's light/dark preference ----------------------------------
 * Without libadwaita, GTK 4.8 does not follow it by itself: read it from
 * the desktop portal (org.freedesktop.appearance color-scheme: 1 = prefer
 * dark), or from GNOME's own setting when there is no portal. */

static void
set_dark (gboolean dark)
{
  GtkSettings *settings = gtk_settings_get_default ();
  gboolean now = FALSE;

  if (settings == NULL)
    return;
  g_object_get (settings, "gtk-application-prefer-dark-theme", &now, NULL);
  if (now != dark)
    g_object_set (settings, "gtk-application-prefer-dark-theme", dark, NULL);
}

static void
apply_portal_value (GVariant *value)
{
  g_autoptr(GVariant) inner = NULL;

  /* Read() wraps the value in one or two variants. */
  inner = g_variant_ref (value);
  while (g_variant_is_of_type (inner, G_VARIANT_TYPE_VARIANT))
    {
      GVariant *v = g_variant_get_variant (inner);

      g_variant_unref (inner);
      inner = v;
    }
  if (g_variant_is_of_type (inner, G_VARIANT_TYPE_UINT32))
    set_dark (g_variant_get_uint32 (inner) == 1);
}

static void
portal_signal (GDBusProxy *proxy,
               const char *sender,
               const char *signal,
               GVariant   *params,
               gpointer    user_data)
{
  const char *ns = NULL, *key = NULL;
  g_autoptr(GVariant) value = NULL;

  if (g_strcmp0 (signal, "SettingChanged") != 0 ||
      !g_variant_is_of_type (params, G_VARIANT_TYPE ("(ssv)")))
    return;
  g_variant_get (params, "(&s&sv)", &ns, &key, &value);
  if (g_strcmp0 (ns, "org.freedesktop.appearance") == 0 && g_strcmp0 (key, "color-scheme") == 0)
    apply_portal_value (value);
}

static void
interface_changed (GSettings  *settings,
                   const char *key,
                   gpointer    user_data)
{
  g_autofree char *scheme = g_settings_get_string (settings, "color-scheme");

  set_dark (g_strcmp0 (scheme, "prefer-dark") == 0);
}

static void
use_gnome_setting (MvApplication *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "org.gnome.desktop.interface", TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "color-scheme"))
    return;
  self->interface_settings = g_settings_new ("org.gnome.desktop.interface");
  g_signal_connect (self->interface_settings, "changed::color-scheme",
                    G_CALLBACK (interface_changed), NULL);
  interface_changed (self->interface_settings, "color-scheme", NULL);
}

static void
portal_read_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(MvApplication) self = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;

  reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (source), result, NULL);
  if (reply == NULL)
    {
      use_gnome_setting (self);
      return;
    }
  g_variant_get (reply, "(v)", &value);
  apply_portal_value (value);
  g_signal_connect (self->portal, "g-signal", G_CALLBACK (portal_signal), NULL);
}

static void
portal_ready (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MvApplication) self = user_data;

  self->portal = g_dbus_proxy_new_for_bus_finish (result, NULL);
  if (self->portal == NULL || g_dbus_proxy_get_name_owner (self->portal) == NULL)
    {
      use_gnome_setting (self);
      return;
    }
  g_dbus_proxy_call (self->portal, "Read",
                     g_variant_new ("(ss)", "org.freedesktop.appearance", "color-scheme"),
                     G_DBUS_CALL_FLAGS_NONE, 1000, NULL, portal_read_done, g_object_ref (self));
}

static void
follow_color_scheme (MvApplication *self)
{
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      use_gnome_setting (self);
      return;
    }
  g_dbus_proxy_new_for_bus (G_BUS_TYPE_SESSION, G_DBUS_PROXY_FLAGS_NONE, NULL,
                            "org.freedesktop.portal.Desktop",
                            "/org/freedesktop/portal/desktop",
                            "org.freedesktop.portal.Settings",
                            NULL, portal_ready, g_object_ref (self));
}

static MvWindow *
new_window (MvApplication *self)
{
  MvWindow *window = mv_window_new (GTK_APPLICATION (self));

  return window;
}

/* MEMVIZ_EXIT_AFTER_FIRST_FRAME=1 (for the launch benchmark): print the
 * monotonic time of the first painted frame and quit. */
static void
first_frame (GdkFrameClock *clock,
             GApplication  *app)
{
  g_print ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_signal_handlers_disconnect_by_func (clock, first_frame, app);
  g_application_quit (app);
}

static void
window_mapped (GtkWidget    *window,
               GApplication *app)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (first_frame), app);
}

static void
mv_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (new_window (MV_APPLICATION (app)));
      if (g_getenv ("MEMVIZ_EXIT_AFTER_FIRST_FRAME") != NULL)
        g_signal_connect (window, "map", G_CALLBACK (window_mapped), app);
    }
  gtk_window_present (window);
}

static void
mv_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      /* A document already open comes to the front instead. */
      MvWindow *window = mv_window_find_document (files[i]);

      if (window == NULL)
        {
          window = new_window (MV_APPLICATION (app));
          mv_window_open_file (window, files[i]);
        }
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
new_window_action (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  gtk_window_present (GTK_WINDOW (new_window (MV_APPLICATION (user_data))));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows = g_list_copy (gtk_application_get_windows (app));

  /* Each window asks about its own unsaved changes. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free (windows);
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { "The memviz developers", NULL };

  gtk_show_about_dialog (gtk_application_get_active_window (app),
                         "program-name", "memviz",
                         "logo-icon-name", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", "See what an x86 VM loader makes of a guest memory layout: "
                                     "the MTRRs, the GDT and the page map, computed the way "
                                     "OpenVMM's loader computes them.",
                         "website", "https://github.com/memviz/memviz",
                         "license-type", GTK_LICENSE_MIT_X11,
                         "authors", developers,
                         "modal", TRUE,
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "new-window", new_window_action },
  { "quit", quit_action },
  { "about", about_action },
};

static void
mv_application_startup (GApplication *app)
{
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.new-window", { "<Control>n", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.save", { "<Control>s", NULL } },
    { "win.save-as", { "<Control><Shift>s", NULL } },
    { "win.export", { "<Control>e", NULL } },
    { "win.undo", { "<Control>z", NULL } },
    { "win.redo", { "<Control><Shift>z", "<Control>y", NULL } },
    { "win.zoom-in", { "<Control>plus", "<Control>equal", NULL } },
    { "win.zoom-out", { "<Control>minus", NULL } },
    { "win.zoom-fit", { "<Control>0", NULL } },
    { "win.copy-picture", { "<Control><Shift>c", NULL } },
    { "win.copy-tables", { "<Control><Alt>c", NULL } },
    { "win.presets", { "F9", NULL } },
    { "win.main-menu", { "F10", NULL } },
    { "win.close", { "<Control>w", NULL } },
    { "win.page::map", { "<Alt>1", NULL } },
    { "win.page::registers", { "<Alt>2", NULL } },
    { "win.page::gdt", { "<Alt>3", NULL } },
    { "win.page::pages", { "<Alt>4", NULL } },
    { "win.page::diagnostics", { "<Alt>5", NULL } },
    { "win.page::vp", { "<Alt>6", NULL } },
    { "win.focus-editor", { "<Control>l", NULL } },
    { "win.step-mode", { "<Control>t", NULL } },
  };

  G_APPLICATION_CLASS (mv_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);

  gtk_window_set_default_icon_name (APP_ID);
  follow_color_scheme (MV_APPLICATION (app));
}

static void
mv_application_dispose (GObject *object)
{
  MvApplication *self = MV_APPLICATION (object);

  g_clear_object (&self->interface_settings);
  g_clear_object (&self->portal);

  G_OBJECT_CLASS (mv_application_parent_class)->dispose (object);
}

static void
mv_application_class_init (MvApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mv_application_dispose;

  app_class->activate = mv_application_activate;
  app_class->open = mv_application_open;
  app_class->startup = mv_application_startup;
}

static void
mv_application_init (MvApplication *self)
{
}

MvApplication *
mv_application_new (void)
{
  return g_object_new (MV_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/memviz/Memviz",
                       NULL);
}

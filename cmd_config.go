package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"penny/internal/configfile"
	"penny/internal/jsonout"
)

// configKeys are every key of the config file. Each is declared beside the
// code that reads it; this list only gathers them, in the order `penny
// config` shows them and `penny config --init` writes them.
func (c *cli) configKeys() []configfile.Key {
	return slices.Concat([]configfile.Key{c.dataDirConfig(), themeConfig(), offlineConfig()}, daemonConfigKeys())
}

// configFlags are the flags of this run that set a key of the config.
func (c *cli) configFlags() map[string]string {
	if c.dataDir == "" {
		return nil
	}
	return map[string]string{"data_dir": c.dataDir}
}

// readConfig reads the config file once a run; the first read warns on
// stderr about keys Penny does not know, which it ignores.
func (c *cli) readConfig() (*configfile.File, error) {
	c.confOnce.Do(func() {
		c.conf, c.confErr = configfile.Read(c.configPath(), c.configKeys(), c.configFile != "")
		if c.confErr == nil && !c.confQuiet {
			for _, u := range c.conf.Unknown {
				fmt.Fprintf(sanitizingWriter{c.stderr}, "penny: %s\n", u.Warning(c.conf.Path))
			}
		}
	})
	return c.conf, c.confErr
}

// confState is what readConfig keeps for the rest of the run.
type confState struct {
	confOnce sync.Once
	conf     *configfile.File
	confErr  error
	// confQuiet: the command reports unknown keys itself (penny config).
	confQuiet bool
}

// configSource is how the config file's path was chosen, for people.
func (c *cli) configSource() string {
	switch {
	case c.configFile != "":
		return "--config"
	case c.getenv("XDG_CONFIG_HOME") != "":
		return "$XDG_CONFIG_HOME/penny/config.toml"
	}
	return "the default, ~/.config/penny/config.toml"
}

func cmdConfig() *command {
	var jsonOut, initFile, force bool
	return &command{
		name:    "config",
		summary: "show the configuration in effect and where each value comes from",
		help: `Lists every setting Penny reads from the config file with the value in
effect and where it came from: a flag, an environment variable, a line of
the file, or the default. Keys of the file that Penny does not know are
named with their line (every command warns about them on stderr and
ignores them); a value Penny cannot use is named with its line too, and
the exit code is then 1.

--init writes a config file that sets nothing: every setting commented out
with what it does and its default, for editing. It refuses to replace a
file that exists unless --force is given. The file is readable by you alone.
The config file holds preferences only, never data or credentials.`,
		built: true,
		flags: func(c *cli, fs *flag.FlagSet) {
			fs.BoolVar(&jsonOut, "json", false, "print one JSON document")
			fs.BoolVar(&initFile, "init", false, "write a commented config file with every default")
			fs.BoolVar(&force, "force", false, "with --init: replace a config file that exists")
		},
		run: func(c *cli, _ context.Context, args []string) error {
			if len(args) > 0 {
				return usagef("config takes no arguments")
			}
			if force && !initFile {
				return usagef("--force goes with --init")
			}
			if initFile {
				if jsonOut {
					return usagef("--init writes a file; it has no --json")
				}
				return c.initConfig(force)
			}
			c.confQuiet = true
			f, err := c.readConfig()
			if err != nil {
				return err
			}
			return c.showConfig(f, jsonOut)
		},
	}
}

// errConfigProblems is the exit status of a config with unusable values,
// already named on stderr.
var errConfigProblems = errors.New("the config file has values Penny cannot use")

func (c *cli) showConfig(f *configfile.File, jsonOut bool) error {
	settings := f.Resolve(c.getenv, c.configFlags())
	problems := 0
	for _, s := range settings {
		if s.Problem != nil {
			problems++
		}
	}
	if jsonOut {
		if err := jsonout.Write(c.stdout, configDoc(f, settings)); err != nil {
			return err
		}
	} else {
		c.printConfig(f, settings)
	}
	name := filepath.Base(f.Path)
	for _, u := range f.Unknown {
		fmt.Fprintf(sanitizingWriter{c.stderr}, "penny: %s\n", u.Warning(f.Path))
	}
	for _, s := range settings {
		if s.Problem == nil {
			continue
		}
		where := "config " + f.Path
		switch s.Source.Origin {
		case configfile.FromFile:
			if s.Source.Line > 0 {
				where += fmt.Sprintf(":%d", s.Source.Line)
			}
		default:
			where = "config (" + s.Where(name) + ")"
		}
		fmt.Fprintf(sanitizingWriter{c.stderr}, "penny: %s: %s: %v\n", where, s.Key.Name, s.Problem)
	}
	if problems > 0 {
		return hintError{err: errConfigProblems, msg: fmt.Sprintf("%d setting(s) of the config cannot be used", problems),
			hint: "Fix them in " + f.Path + "; the lines above say how."}
	}
	return nil
}

func (c *cli) printConfig(f *configfile.File, settings []configfile.Setting) {
	switch {
	case f.Exists:
		fmt.Fprintf(c.stdout, "Config file: %s (%s)\n\n", sanitizeLine(f.Path), c.configSource())
	default:
		fmt.Fprintf(c.stdout, "Config file: %s (%s): not there, so nothing comes from a file.\n"+
			"`penny config --init` writes one with every setting commented out.\n\n", sanitizeLine(f.Path), c.configSource())
	}
	t := &table{header: []string{"KEY", "VALUE", "FROM"}}
	name := filepath.Base(f.Path)
	for _, s := range settings {
		v := s.Value.Text(s.Key.Kind)
		if v == "" {
			v = "(none)"
			if s.Source.Origin == configfile.FromDefault && s.Key.DefaultNote != "" {
				v = "(" + s.Key.DefaultNote + ")"
			}
		}
		t.add(s.Key.Name, v, s.Where(name))
	}
	_ = c.writeTable(t)
}

// configDoc is the --json document.
func configDoc(f *configfile.File, settings []configfile.Setting) jsonout.Config {
	doc := jsonout.Config{File: f.Path, Exists: f.Exists, Settings: []jsonout.ConfigSetting{}, Unknown: []jsonout.ConfigUnknown{}}
	ptr := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	for _, s := range settings {
		js := jsonout.ConfigSetting{Key: s.Key.Name, Value: s.Value.JSON(s.Key.Kind), Default: s.Key.Default.JSON(s.Key.Kind),
			Source: s.Source.Origin.String(), Env: ptr(s.Key.Env), Flag: ptr(s.Key.Flag)}
		if s.Source.Origin == configfile.FromFile && s.Source.Line > 0 {
			l := s.Source.Line
			js.Line = &l
		}
		if s.Problem != nil {
			js.Problem = ptr(s.Problem.Error())
		}
		doc.Settings = append(doc.Settings, js)
	}
	for _, u := range f.Unknown {
		ju := jsonout.ConfigUnknown{Key: u.Key, Suggestion: ptr(u.Suggestion)}
		if u.Line > 0 {
			l := u.Line
			ju.Line = &l
		}
		doc.Unknown = append(doc.Unknown, ju)
	}
	return doc
}

// configIntro heads the file `penny config --init` writes.
const configIntro = `Penny's config file (TOML): preferences only, never data or credentials.
Every setting below is commented out, so Penny's default applies; remove
the "# " in front of one to set it. 'penny config' shows the settings in
effect and where each comes from; a key Penny does not know is reported.`

// initConfig writes the commented default config file, 0600 in a 0700
// folder, replacing one only with force.
func (c *cli) initConfig(force bool) error {
	path := c.configPath()
	if _, err := os.Lstat(path); err == nil && !force {
		return hintError{err: fs.ErrExist, msg: fmt.Sprintf("%s exists already; nothing was written", path),
			hint: "`penny config` shows what it sets; --force replaces it with the defaults."}
	}
	text := configfile.Template(configIntro, c.configKeys())
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".config-*.toml")
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("config: %w", err)
	}
	if _, err := tmp.WriteString(text); err != nil {
		tmp.Close()
		return fmt.Errorf("config: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("config: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	fmt.Fprintf(c.stdout, "Wrote %s: every setting commented out, with its default.\n", sanitizeLine(path))
	fmt.Fprintln(c.stdout, "Remove the \"# \" in front of a setting to change it; `penny config` shows what is in effect.")
	return nil
}

package jsonout

// Config is `penny config --json`: the config file, every setting in effect
// and where its value came from, and the keys of the file that Penny does
// not know.
type Config struct {
	// File is the config file's path; Exists is false when there is none
	// (every value is then a default, an environment variable or a flag).
	File   string `json:"file"`
	Exists bool   `json:"exists"`
	// Settings has one entry per key Penny reads, in a fixed order.
	Settings []ConfigSetting `json:"settings"`
	// Unknown are the file's keys that Penny does not read, each ignored.
	Unknown []ConfigUnknown `json:"unknown"`
}

// ConfigSetting is one key of Config. Value and Default are a string, a
// bool or a list of strings, by the key. Source is "default", "file",
// "env" or "flag"; Line is the file's line when it is "file". Env and Flag
// name what can set the key besides the file (null when nothing can).
// Problem says what is wrong with the value (null when nothing is).
type ConfigSetting struct {
	Key     string  `json:"key"`
	Value   any     `json:"value"`
	Default any     `json:"default"`
	Source  string  `json:"source"`
	Line    *int    `json:"line"`
	Env     *string `json:"env"`
	Flag    *string `json:"flag"`
	Problem *string `json:"problem"`
}

// ConfigUnknown is a key of the file that Penny does not read: its line,
// and the known key nearest to it (null when none is near).
type ConfigUnknown struct {
	Key        string  `json:"key"`
	Line       *int    `json:"line"`
	Suggestion *string `json:"suggestion"`
}

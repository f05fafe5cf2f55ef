package notify

// childEnvKeys are the variables a helper program Penny starts (osascript)
// may need: where programs are, the user's home and language. Nothing else
// of Penny's environment, a passphrase least of all, reaches a child.
var childEnvKeys = []string{"PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR"}

// ChildEnv is the minimal environment for a child process, taken from
// getenv (os.Getenv in the program).
func ChildEnv(getenv func(string) string) []string {
	env := []string{}
	for _, k := range childEnvKeys {
		if v := getenv(k); v != "" {
			env = append(env, k+"="+v)
		}
	}
	return env
}

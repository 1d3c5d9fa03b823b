// kustomize-batch runs the kustomize CLI's own command tree (sigs.k8s.io/kustomize/kustomize/v5,
// the pinned release) for several directories in one process, so kustomize's one-time setup (the
// OpenAPI schema kyaml parses for the first patch) is paid once, not once per build.
//
//	kustomize-batch OUTDIR DIR...   runs `kustomize build DIR` for each DIR in turn: its output goes
//	                                to OUTDIR/<n>.yaml (n = 0, 1, ... in argument order) and one JSON
//	                                line per DIR to stdout: {"index":n,"ok":true} or
//	                                {"index":n,"ok":false,"error":"<what kustomize printed>"}
//	kustomize-batch version         prints the kustomize module version this binary was built with
//
// Exit 0 when every DIR was attempted (a failed build is reported, not fatal), 2 on a usage or
// output error. Builds run one after another: the build command keeps its flags in package
// variables, which each new command resets to their defaults.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"

	"sigs.k8s.io/kustomize/kustomize/v5/commands"
	"sigs.k8s.io/kustomize/kyaml/openapi"
)

const kustomizeModule = "sigs.k8s.io/kustomize/kustomize/v5"

type status struct {
	Index int    `json:"index"`
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

func kustomizeVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == kustomizeModule {
				return dep.Version
			}
		}
	}
	return "unknown"
}

// build runs `kustomize build dir` through the CLI's root command, its stdout going to out.
func build(dir string, out *os.File) error {
	// The CLI writes builds to os.Stdout as it was when the command tree was made.
	stdout := os.Stdout
	os.Stdout = out
	root := commands.NewDefaultCommand()
	os.Stdout = stdout
	var stderr bytes.Buffer
	root.SetErr(&stderr)
	root.SetArgs([]string{"build", dir})
	if err := root.Execute(); err != nil {
		if stderr.Len() == 0 {
			return err
		}
		return fmt.Errorf("%s", bytes.TrimSpace(stderr.Bytes()))
	}
	return nil
}

func main() {
	if len(os.Args) == 2 && os.Args[1] == "version" {
		fmt.Println(kustomizeVersion())
		return
	}
	if len(os.Args) < 3 || os.Args[1] == "-h" || os.Args[1] == "--help" {
		fmt.Fprintln(os.Stderr, "usage: kustomize-batch OUTDIR DIR... | kustomize-batch version")
		os.Exit(2)
	}
	outDir := os.Args[1]
	enc := json.NewEncoder(os.Stdout)
	// A kustomization may set its own OpenAPI schema (its openapi field), which kyaml keeps in a
	// package variable; the next build starts from the schema a fresh process has.
	fresh := openapi.GetSchemaVersion()
	for i, dir := range os.Args[2:] {
		if openapi.GetSchemaVersion() != fresh {
			openapi.ResetOpenAPI()
		}
		file := filepath.Join(outDir, strconv.Itoa(i)+".yaml")
		out, err := os.Create(file)
		if err != nil {
			fmt.Fprintf(os.Stderr, "kustomize-batch: %v\n", err)
			os.Exit(2)
		}
		s := status{Index: i, OK: true}
		if err := build(dir, out); err != nil {
			s = status{Index: i, Error: err.Error()}
		}
		if err := out.Close(); err != nil {
			fmt.Fprintf(os.Stderr, "kustomize-batch: %s: %v\n", file, err)
			os.Exit(2)
		}
		if err := enc.Encode(s); err != nil {
			os.Exit(2)
		}
	}
}

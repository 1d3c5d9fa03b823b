// Command appset-render renders ApplicationSets with Argo CD's own code: the ApplicationSet
// generators (List, Clusters, Git, Matrix, Merge), the controller's GenerateApplications and
// template renderer, and the repo server's Git file and directory listing over a local git copy.
//
// It is the reference side of the differential test in tests/appset (see README.md there).
// Input (JSON on stdin):
//
//	{"appsets": [...], "clusterSecrets": [...], "appProjects": [...], "argocdNamespace": "argocd",
//	 "repos": {"<repoURL>": "<path of a local git repository>"}, "gitFileGlobbing": false}
//
// Output (JSON on stdout): one result per ApplicationSet, in input order:
//
//	{"results": [{"name": "...", "applications": [...], "error": "...", "skipped": [...]}]}
//
// "error" is what the controller writes in the ErrorOccurred condition when GenerateApplications
// fails (it then creates no Applications); "skipped" lists the per-Application validation errors
// for duplicate or empty names (the controller creates the other Applications).
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"time"

	log "github.com/sirupsen/logrus"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"

	"github.com/argoproj/argo-cd/v3/applicationset/controllers/template"
	"github.com/argoproj/argo-cd/v3/applicationset/generators"
	"github.com/argoproj/argo-cd/v3/applicationset/services"
	"github.com/argoproj/argo-cd/v3/applicationset/utils"
	"github.com/argoproj/argo-cd/v3/pkg/apis/application/v1alpha1"
	"github.com/argoproj/argo-cd/v3/reposerver/apiclient"
	repocache "github.com/argoproj/argo-cd/v3/reposerver/cache"
	"github.com/argoproj/argo-cd/v3/reposerver/metrics"
	"github.com/argoproj/argo-cd/v3/reposerver/repository"
	cacheutil "github.com/argoproj/argo-cd/v3/util/cache"
	"github.com/argoproj/argo-cd/v3/util/git"
)

type input struct {
	AppSets         []json.RawMessage `json:"appsets"`
	ClusterSecrets  []json.RawMessage `json:"clusterSecrets"`
	AppProjects     []json.RawMessage `json:"appProjects"`
	ArgoCDNamespace string            `json:"argocdNamespace"`
	Repos           map[string]string `json:"repos"`
	GitFileGlobbing bool              `json:"gitFileGlobbing"`
}

type result struct {
	Name         string                 `json:"name"`
	Applications []v1alpha1.Application `json:"applications"`
	Error        string                 `json:"error,omitempty"`
	Skipped      []string               `json:"skipped,omitempty"`
}

// localRepos answers the Git generator's questions with the repo server's own Service, reading
// a local git repository (cloned by the repo server into a temporary directory, as it would a
// remote one).
type localRepos struct {
	svc             *repository.Service
	repos           map[string]string
	newFileGlobbing bool
}

func (l *localRepos) repo(repoURL string) (*v1alpha1.Repository, error) {
	path, ok := l.repos[repoURL]
	if !ok {
		return nil, fmt.Errorf("repository %s is not available (no local copy given)", repoURL)
	}
	return &v1alpha1.Repository{Repo: "file://" + path}, nil
}

func (l *localRepos) GetFiles(
	ctx context.Context, repoURL, revision, _ string, pattern string, noRevisionCache bool,
	_ *v1alpha1.SourceIntegrity,
) (map[string][]byte, error) {
	repo, err := l.repo(repoURL)
	if err != nil {
		return nil, err
	}
	res, err := l.svc.GetGitFiles(ctx, &apiclient.GitFilesRequest{
		Repo: repo, Revision: revision, Path: pattern, NoRevisionCache: noRevisionCache,
		NewGitFileGlobbingEnabled: l.newFileGlobbing,
	})
	if err != nil {
		return nil, fmt.Errorf("error retrieving Git files: %w", err)
	}
	return res.GetMap(), nil
}

func (l *localRepos) GetDirectories(
	ctx context.Context, repoURL, revision, _ string, noRevisionCache bool, _ *v1alpha1.SourceIntegrity,
) ([]string, error) {
	repo, err := l.repo(repoURL)
	if err != nil {
		return nil, err
	}
	res, err := l.svc.GetGitDirectories(ctx, &apiclient.GitDirectoriesRequest{
		Repo: repo, Revision: revision, NoRevisionCache: noRevisionCache,
	})
	if err != nil {
		return nil, fmt.Errorf("error retrieving Git Directories: %w", err)
	}
	return res.GetPaths(), nil
}

func (l *localRepos) GetOciFiles(context.Context, string, string, string, string, bool) (map[string][]byte, error) {
	return nil, fmt.Errorf("OCI sources are not supported by appset-render")
}

func (l *localRepos) GetOciDirectories(context.Context, string, string, string, bool) ([]string, error) {
	return nil, fmt.Errorf("OCI sources are not supported by appset-render")
}

var _ services.Repos = (*localRepos)(nil)

func fail(code int, format string, args ...any) {
	fmt.Fprintf(os.Stderr, "appset-render: "+format+"\n", args...)
	os.Exit(code)
}

func main() {
	if len(os.Args) > 1 {
		if os.Args[1] == "--help" || os.Args[1] == "-h" {
			fmt.Println("usage: appset-render < input.json > output.json\n\n" +
				"Renders ApplicationSets with Argo CD's own generators and template code (see tools/appset-render/main.go).")
			return
		}
		fail(2, "unexpected argument %q (input is read from stdin; see --help)", os.Args[1])
	}
	log.SetOutput(io.Discard)
	raw, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail(2, "reading stdin: %v", err)
	}
	var in input
	if err := json.Unmarshal(raw, &in); err != nil {
		fail(2, "stdin: expected a JSON object {appsets, clusterSecrets, argocdNamespace, repos}: %v", err)
	}
	if in.ArgoCDNamespace == "" {
		in.ArgoCDNamespace = "argocd"
	}

	scheme := runtime.NewScheme()
	if err := clientgoscheme.AddToScheme(scheme); err != nil {
		fail(2, "scheme: %v", err)
	}
	if err := v1alpha1.AddToScheme(scheme); err != nil {
		fail(2, "scheme: %v", err)
	}
	objs := []client.Object{}
	for i, s := range in.ClusterSecrets {
		var secret corev1.Secret
		if err := json.Unmarshal(s, &secret); err != nil {
			fail(2, "clusterSecrets[%d]: %v", i, err)
		}
		objs = append(objs, &secret)
	}
	for i, p := range in.AppProjects {
		var project v1alpha1.AppProject
		if err := json.Unmarshal(p, &project); err != nil {
			fail(2, "appProjects[%d]: %v", i, err)
		}
		objs = append(objs, &project)
	}
	c := fake.NewClientBuilder().WithScheme(scheme).WithObjects(objs...).Build()

	tmp, err := os.MkdirTemp("", "appset-render-")
	if err != nil {
		fail(2, "temp dir: %v", err)
	}
	defer os.RemoveAll(tmp)
	cache := repocache.NewCache(
		cacheutil.NewCache(cacheutil.NewInMemoryCache(time.Hour)), time.Hour, time.Hour, 10*time.Second,
	)
	svc := repository.NewService(
		metrics.NewMetricsServer(), cache, repository.RepoServerInitConstants{}, &git.NoopCredsStore{}, tmp,
	)
	if err := svc.Init(); err != nil {
		fail(2, "repo server init: %v", err)
	}
	repos := &localRepos{svc: svc, repos: in.Repos, newFileGlobbing: in.GitFileGlobbing}

	ctx := context.Background()
	gens := generators.GetGenerators(ctx, c, nil, in.ArgoCDNamespace, repos, nil, generators.SCMConfig{}, nil)

	out := struct {
		Results []result `json:"results"`
	}{Results: []result{}}
	for i, rawSet := range in.AppSets {
		var set v1alpha1.ApplicationSet
		if err := json.Unmarshal(rawSet, &set); err != nil {
			out.Results = append(out.Results, result{
				Name:  fmt.Sprintf("#%d", i),
				Error: fmt.Sprintf("decoding ApplicationSet: %v", err),
			})
			continue
		}
		out.Results = append(out.Results, renderOne(set, gens, c))
	}
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(out); err != nil {
		fail(2, "writing output: %v", err)
	}
}

func renderOne(set v1alpha1.ApplicationSet, gens map[string]generators.Generator, c client.Client) (res result) {
	res = result{Name: set.Name, Applications: []v1alpha1.Application{}}
	// The controller-runtime reconciler recovers a panic in Reconcile and reports it; the
	// ApplicationSet then gets no Applications.
	defer func() {
		if r := recover(); r != nil {
			res.Applications = []v1alpha1.Application{}
			res.Skipped = nil
			res.Error = fmt.Sprintf("panic: %v", r)
		}
	}()
	apps, _, err := template.GenerateApplications(log.NewEntry(log.StandardLogger()), set, gens, &utils.Render{}, c)
	if err != nil {
		res.Error = err.Error()
		return res
	}
	// The controller's validateGeneratedApplications: an Application with no name, or with a name
	// seen before, is an error keyed by its qualified name; every Application whose qualified
	// name has an error is not created or updated.
	errs := map[string]string{}
	seen := map[string]bool{}
	for i := range apps {
		app := &apps[i]
		if app.Name == "" {
			errs[app.QualifiedName()] = fmt.Sprintf("ApplicationSet %s contains an application with no name", set.Name)
			continue
		}
		if seen[app.Name] {
			errs[app.QualifiedName()] = fmt.Sprintf(
				"ApplicationSet %s contains applications with duplicate name: %s", set.Name, app.Name,
			)
			continue
		}
		seen[app.Name] = true
	}
	for i := range apps {
		if _, bad := errs[apps[i].QualifiedName()]; bad {
			continue
		}
		res.Applications = append(res.Applications, apps[i])
	}
	keys := make([]string, 0, len(errs))
	for k := range errs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		res.Skipped = append(res.Skipped, errs[k])
	}
	return res
}

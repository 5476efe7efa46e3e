// A language plugin that only generates SDKs, for `pulumi package gen-sdk` with CLI v3.219.0.
//
// That CLI asks the language host for the SDK (LanguageRuntime.GeneratePackage), and the language
// hosts that the Go module proxy serves (Python v3.68.0, Go v3.62.0, Node.js v3.68.0) predate that
// method. This plugin runs the code generators of pkg/v3 (the CLI's own version) instead. It is
// installed under the names pulumi-language-{python,go,nodejs} in a bin directory of its own
// (scripts/pulumi-hosts.sh --codegen) and picks the language from the name it is run by. It runs
// no programs: every other method answers "unimplemented".
//
// Built by scripts/pulumi-hosts.sh, which copies this file into a wrapper module; not part of the
// TypeScript package.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	pbempty "google.golang.org/protobuf/types/known/emptypb"

	"google.golang.org/grpc"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

type generator func(tool string, pkg *schema.Package, req *pulumirpc.GeneratePackageRequest,
	loader schema.ReferenceLoader) (map[string][]byte, error)

var generators = map[string]generator{
	"python": func(tool string, pkg *schema.Package, req *pulumirpc.GeneratePackageRequest,
		loader schema.ReferenceLoader,
	) (map[string][]byte, error) {
		return python.GeneratePackage(tool, pkg, req.ExtraFiles, loader)
	},
	"nodejs": func(tool string, pkg *schema.Package, req *pulumirpc.GeneratePackageRequest,
		loader schema.ReferenceLoader,
	) (map[string][]byte, error) {
		return nodejs.GeneratePackage(tool, pkg, req.ExtraFiles, req.LocalDependencies, req.Local, loader)
	},
	"go": func(tool string, pkg *schema.Package, req *pulumirpc.GeneratePackageRequest,
		_ schema.ReferenceLoader,
	) (map[string][]byte, error) {
		if len(req.ExtraFiles) > 0 {
			return nil, fmt.Errorf("overlays are not supported for Go")
		}
		return gogen.GeneratePackage(tool, pkg, req.LocalDependencies)
	},
}

type codegenHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	language string
	tool     string
}

func (h *codegenHost) GetPluginInfo(context.Context, *pbempty.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

func (h *codegenHost) GeneratePackage(
	_ context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	loader, err := schema.NewLoaderClient(req.LoaderTarget)
	if err != nil {
		return nil, fmt.Errorf("connecting to the schema loader: %w", err)
	}
	defer loader.Close()

	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.Schema), &spec); err != nil {
		return nil, fmt.Errorf("reading the schema: %w", err)
	}
	pkg, diags, err := schema.BindSpec(spec, loader, schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return &pulumirpc.GeneratePackageResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}, nil
	}

	files, err := generators[h.language](h.tool, pkg, req, loader)
	if err != nil {
		return nil, fmt.Errorf("generating the %s SDK: %w", h.language, err)
	}
	for name, data := range files {
		dest := filepath.Join(req.Directory, name)
		if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(dest, data, 0o644); err != nil { //nolint:gosec // generated sources
			return nil, fmt.Errorf("writing %s: %w", dest, err)
		}
	}
	return &pulumirpc.GeneratePackageResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}, nil
}

func main() {
	tool := strings.TrimSuffix(filepath.Base(os.Args[0]), ".exe")
	language := strings.TrimPrefix(tool, "pulumi-language-")
	if _, ok := generators[language]; !ok {
		cmdutil.Exit(fmt.Errorf("%s: run me as pulumi-language-python, -go or -nodejs", tool))
	}

	// The engine's address is the last argument; flags that older CLIs pass before it are ignored.
	var engineAddress string
	for _, arg := range os.Args[1:] {
		if !strings.HasPrefix(arg, "-") {
			engineAddress = arg
		}
	}

	ctx, cancel := context.WithCancel(context.Background())
	stop := make(chan bool)
	go func() {
		<-ctx.Done()
		close(stop)
	}()
	if engineAddress != "" {
		// Exit when the engine goes away.
		if err := rpcutil.Healthcheck(ctx, engineAddress, 5*time.Minute, cancel); err != nil {
			cmdutil.Exit(fmt.Errorf("could not start the health check: %w", err))
		}
	}

	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: stop,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, &codegenHost{language: language, tool: tool})
			return nil
		},
	})
	if err != nil {
		cmdutil.Exit(fmt.Errorf("could not start the language host server: %w", err))
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		cmdutil.Exit(fmt.Errorf("the language host server stopped: %w", err))
	}
}

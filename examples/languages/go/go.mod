module backup-go

go 1.24

require (
	backupinfra.local/sdk v0.0.0
	github.com/pulumi/pulumi/sdk/v3 v3.219.0
)

// The SDK `pulumi package gen-sdk --language go -o sdk` writes (see the README), with sdk/go.mod.
replace backupinfra.local/sdk => ./sdk

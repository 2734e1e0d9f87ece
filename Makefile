# Developer entry points. `make test` runs scripts/test.sh, the one test command
# (CI runs the same script through .ci/run). Extra go test args: make test ARGS="-run X -v".

.PHONY: test vet build

test:
	bash scripts/test.sh $(ARGS)

vet:
	go vet ./...

build:
	mkdir -p bin
	go build -o bin/ ./cmd/auroradoc ./cmd/bastion

# syntax=docker/dockerfile:1
#
# The auroradoc container image: one static binary on scratch, run as a
# non-root user. See docs/deploy.md, "Container image".
#
#   docker build --build-arg VERSION=v1.2.3 -t auroradoc:v1.2.3 .
#
# deploy/imagetest assembles the final stage's filesystem from this file
# (its COPY, ENV, USER, WORKDIR and ENTRYPOINT lines and the go build line)
# and runs the binary in it: change both together.

ARG GO_VERSION=1.26

FROM golang:${GO_VERSION} AS build
# VERSION is what `auroradoc version` prints.
ARG VERSION=dev
# RDS_CA_BUNDLE_URL is the PEM bundle the clusters' TLS certificates are
# verified with (config: credentials.ca_bundle: /etc/auroradoc/rds-global-bundle.pem).
# The default is AWS's global bundle; point it at a regional bundle or a
# mirror, or mount your own file over that path at run time.
ARG RDS_CA_BUNDLE_URL=https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ENV CGO_ENABLED=0
RUN go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/auroradoc ./cmd/auroradoc
ADD ${RDS_CA_BUNDLE_URL} /out/rds-global-bundle.pem
# The image's only writable directories: /tmp (go-graphviz's compilation
# cache) and /work (site output and diagram cache).
RUN mkdir -p /out/tmp /out/work && chmod 1777 /out/tmp && chmod 0755 /out/work

FROM scratch
COPY deploy/image/passwd /etc/passwd
COPY deploy/image/group /etc/group
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /usr/local/go/lib/time/zoneinfo.zip /usr/local/go/lib/time/zoneinfo.zip
COPY --from=build --chmod=0444 /out/rds-global-bundle.pem /etc/auroradoc/rds-global-bundle.pem
COPY --from=build /out/tmp /tmp
COPY --from=build --chown=65532:65532 /out/work /work
COPY --from=build /out/auroradoc /auroradoc
ENV ZONEINFO=/usr/local/go/lib/time/zoneinfo.zip
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
ENV HOME=/work
USER 65532:65532
WORKDIR /work
VOLUME /work
ENTRYPOINT ["/auroradoc"]

/*
 * TLS identities (docs/http-api.md, "Authentication"): each node's TLS
 * certificate is a self-signed X.509 certificate (Ed25519) derived from
 * its accord signing key, named by the key's name in its CN. A peer is
 * recognised by the public key its certificate holds, which the TLS
 * handshake proves it possesses; no certificate authority takes part.
 */
#ifndef ACCORD_TLS_H
#define ACCORD_TLS_H

#include <stddef.h>
#include <stdint.h>

#include <accord/buf.h>
#include <accord/crypto.h>
#include <accord/err.h>
#include <accord/keys.h>
#include <accord/workspace.h>

/* Largest certificate accepted from a peer (DER bytes). */
#define ACC_TLS_CERT_MAX (16u << 10)
/* Room for a pin: "sha256//" and base64 of 32 bytes, NUL included. */
#define ACC_TLS_PIN_MAX 64

/*
 * A self-signed X.509 v3 certificate for key, CN = cn, as PEM into
 * cert_pem, and the private key as PKCS#8 PEM into key_pem. The
 * certificate is a function of key and cn only (its serial number is
 * derived from the public key, its validity fixed), so the same key
 * always gives the same bytes. key_pem is secret: the caller wipes it
 * (key_pem->data, key_pem->cap) before disposing of it. ACC_EINVAL for a
 * bad cn, ACC_ELIMIT when a buffer's cap is too small, ACC_ERR when
 * OpenSSL fails. Thread-safe.
 */
ACC_NODISCARD int acc_tls_cert_make(acc_buf *cert_pem, acc_buf *key_pem,
    const acc_key *key, const char *cn, acc_err *err);

/*
 * The Ed25519 public key of a DER certificate into pub. ACC_EINVAL when
 * der is not a certificate, ACC_EVERIFY when its key is not Ed25519,
 * ACC_ELIMIT past ACC_TLS_CERT_MAX. Thread-safe.
 */
ACC_NODISCARD int acc_tls_cert_pubkey(uint8_t pub[ACC_ED25519_PUB_LEN],
    const uint8_t *der, size_t len, acc_err *err);

/*
 * The pin of an Ed25519 public key as libcurl's CURLOPT_PINNEDPUBLICKEY
 * takes it: "sha256//" and the base64 of SHA-256 of the DER
 * SubjectPublicKeyInfo, into out (ACC_TLS_PIN_MAX bytes). ACC_ELIMIT
 * when out is too small.
 */
ACC_NODISCARD int acc_tls_pin_pub(const uint8_t pub[ACC_ED25519_PUB_LEN],
    char *out, size_t out_len, acc_err *err);

/*
 * The pin (as acc_tls_pin_pub) of the node whose verifier key is
 * vkey_text. ACC_EINVAL when vkey_text does not parse.
 */
ACC_NODISCARD int acc_tls_pin(const char *vkey_text, char *out,
    size_t out_len, acc_err *err);

/*
 * The workspace's TLS identity: its certificate (PEM, CN the key name
 * accord/<treaty>/<party>) and private key (PKCS#8 PEM, secret: the
 * caller wipes key_pem->data before disposing of it), from the signing
 * key. Errors as acc_workspace_signing_key and acc_tls_cert_make.
 */
ACC_NODISCARD int acc_workspace_tls_identity(acc_workspace *ws,
    acc_buf *cert_pem, acc_buf *key_pem, acc_err *err);

/*
 * Write the workspace's TLS identity as files: the certificate to
 * cert_path (atomically, mode 0644) and the private key to key_path
 * (created exclusively, mode 0600, never replaced: ACC_EEXISTS when it
 * exists). On failure neither file is left behind.
 */
ACC_NODISCARD int acc_workspace_tls_save(acc_workspace *ws,
    const char *cert_path, const char *key_path, acc_err *err);

/*
 * Who presented the certificate cert_der: the party or witness (its name
 * into name_out) among the workspace's own and trusted keys
 * (acc_workspace_key_each) whose Ed25519 public key the certificate
 * holds and whose key name is accord/<this treaty>/<name>. ACC_EVERIFY
 * when it is no such key, ACC_EINVAL when cert_der is not a
 * certificate, ACC_ELIMIT when name_len is too small. The handshake that
 * delivered the certificate must have proved possession of its key (TLS
 * CertificateVerify). Not thread-safe for one ws.
 */
ACC_NODISCARD int acc_workspace_peer_identify(acc_workspace *ws,
    const uint8_t *cert_der, size_t len, char *name_out, size_t name_len,
    acc_err *err);

#endif

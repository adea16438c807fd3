/*
 * A workspace's TLS identity and the recognition of peers by the public
 * key of their certificate (include/accord/tls.h). The certificate work
 * itself is in crypto.c; this file only matches keys against the
 * workspace's own and trusted ones, and never reads a secret other than
 * through acc_workspace_signing_key.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <accord/tls.h>

int
acc_tls_pin(const char *vkey_text, char *out, size_t out_len, acc_err *err)
{
	acc_vkey vk;
	int rc = acc_vkey_parse(&vk, vkey_text, strlen(vkey_text), "key",
	    err);

	if (rc != 0)
		return rc;
	return acc_tls_pin_pub(vk.pub, out, out_len, err);
}

int
acc_workspace_tls_identity(acc_workspace *ws, acc_buf *cert_pem,
    acc_buf *key_pem, acc_err *err)
{
	acc_key key;
	acc_vkey vk;
	int rc = acc_workspace_signing_key(ws, &key, &vk, err);

	if (rc == 0)
		rc = acc_tls_cert_make(cert_pem, key_pem, &key, vk.name, err);
	acc_key_dispose(&key);
	return rc;
}

int
acc_workspace_tls_save(acc_workspace *ws, const char *cert_path,
    const char *key_path, acc_err *err)
{
	acc_buf cert = ACC_BUF_INIT(16u << 10), key = ACC_BUF_INIT(16u << 10);
	int rc = acc_workspace_tls_identity(ws, &cert, &key, err);

	if (rc == 0)
		rc = acc_file_write_secret(key_path, key.data, key.len, err);
	if (rc == 0) {
		rc = acc_file_write_atomic(cert_path, cert.data, cert.len,
		    0644, err);
		if (rc != 0)
			unlink(key_path);
	}
	if (key.data)
		acc_wipe(key.data, key.cap);
	acc_buf_dispose(&key);
	acc_buf_dispose(&cert);
	return rc;
}

struct match {
	const acc_workspace *ws;
	uint8_t pub[ACC_ED25519_PUB_LEN];
	char *name;
	size_t name_len;
	int found;              /* 1 found, ACC_ELIMIT name too long */
};

static int
match_key(void *ctx, const char *party, const char *vkey)
{
	struct match *m = ctx;
	char want[ACC_KEY_NAME_MAX + 1];
	acc_vkey vk;

	if (acc_vkey_parse(&vk, vkey, strlen(vkey), party, NULL) != 0)
		return 0;
	snprintf(want, sizeof(want), "accord/%s/%s",
	    acc_treaty_id(acc_workspace_treaty(m->ws)), party);
	if (vk.type != ACC_KEYTYPE_ED25519 || strcmp(vk.name, want) != 0 ||
	    !acc_ct_equal(vk.pub, m->pub, sizeof(m->pub)))
		return 0;
	if (strlen(party) >= m->name_len) {
		m->found = ACC_ELIMIT;
		return 1;
	}
	snprintf(m->name, m->name_len, "%s", party);
	m->found = 1;
	return 1;
}

int
acc_workspace_peer_identify(acc_workspace *ws, const uint8_t *cert_der,
    size_t len, char *name_out, size_t name_len, acc_err *err)
{
	struct match m;
	int rc;

	memset(&m, 0, sizeof(m));
	m.ws = ws;
	m.name = name_out;
	m.name_len = name_len;
	rc = acc_tls_cert_pubkey(m.pub, cert_der, len, err);
	if (rc != 0)
		return rc;
	rc = acc_workspace_key_each(ws, match_key, &m, err);
	if (rc == 1)
		rc = 0;
	if (rc != 0)
		return rc;
	if (m.found == ACC_ELIMIT)
		return acc_err_set(err, ACC_ELIMIT, "peer", "name longer than "
		    "%zu bytes", name_len);
	if (m.found != 1)
		return acc_err_set(err, ACC_EVERIFY, "peer", "the "
		    "certificate's key is not a trusted key of %s",
		    acc_treaty_id(acc_workspace_treaty(ws)));
	return 0;
}

/*
 * Key text formats (C2SP signed-note verifier keys and the matching
 * signer keys). Parsing is strict: one text for each key. Secrets pass
 * through stack buffers that are wiped before return.
 */
#include <stdio.h>
#include <string.h>

#include <accord/keys.h>

int
acc_key_name_check(const char *name, const char *where, acc_err *err)
{
	size_t i, n = strlen(name);

	if (n == 0 || n > ACC_KEY_NAME_MAX)
		return acc_err_set(err, ACC_EINVAL, where,
		    "expected a key name of 1 to %d bytes", ACC_KEY_NAME_MAX);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		if (c <= 0x20 || c == 0x7f || c == '+' || c >= 0x80)
			return acc_err_set(err, ACC_EINVAL, where,
			    "key names are printable ASCII without spaces or "
			    "'+' (byte %zu)", i);
	}
	return 0;
}

uint32_t
acc_key_id(const char *name, uint8_t type,
    const uint8_t pub[ACC_ED25519_PUB_LEN])
{
	uint8_t h[ACC_SHA256_LEN];
	acc_iov iov[4] = { { name, strlen(name) }, { "\n", 1 }, { &type, 1 },
		{ pub, ACC_ED25519_PUB_LEN } };

	acc_sha256_v(h, iov, 4);
	return (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 |
	    (uint32_t)h[2] << 8 | h[3];
}

int
acc_vkey_make(acc_vkey *vk, const char *name, uint8_t type,
    const uint8_t pub[ACC_ED25519_PUB_LEN], acc_err *err)
{
	int rc = acc_key_name_check(name, "key name", err);

	if (rc != 0)
		return rc;
	memset(vk, 0, sizeof(*vk));
	snprintf(vk->name, sizeof(vk->name), "%s", name);
	vk->type = type;
	memcpy(vk->pub, pub, ACC_ED25519_PUB_LEN);
	vk->id = acc_key_id(name, type, pub);
	return 0;
}

void
acc_vkey_format(char *out, size_t out_len, const acc_vkey *vk)
{
	uint8_t raw[1 + ACC_ED25519_PUB_LEN];
	char b64[64];

	raw[0] = vk->type;
	memcpy(raw + 1, vk->pub, ACC_ED25519_PUB_LEN);
	acc_base64_encode(b64, raw, sizeof(raw));
	snprintf(out, out_len, "%s+%08x+%s", vk->name, (unsigned)vk->id, b64);
}

static int
parse_hex8(uint32_t *out, const char *s)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < 8; i++) {
		char c = s[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (uint32_t)(c - 'a' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

int
acc_vkey_parse(acc_vkey *vk, const char *text, size_t len, const char *where,
    acc_err *err)
{
	const char *p1, *p2;
	uint8_t raw[1 + ACC_ED25519_PUB_LEN];
	size_t name_len, raw_len;
	uint32_t id;
	int rc;

	memset(vk, 0, sizeof(*vk));
	if (len > ACC_VKEY_TEXT_MAX || memchr(text, '\0', len))
		return acc_err_set(err, ACC_EINVAL, where,
		    "expected a verifier key name+id+key, got %zu bytes", len);
	p1 = memchr(text, '+', len);
	p2 = p1 ? memchr(p1 + 1, '+', len - (size_t)(p1 + 1 - text)) : NULL;
	if (p1 == NULL || p2 == NULL || p2 - p1 != 9)
		return acc_err_set(err, ACC_EINVAL, where,
		    "expected a verifier key <name>+<8 hex digits>+<base64>");
	name_len = (size_t)(p1 - text);
	if (name_len == 0 || name_len > ACC_KEY_NAME_MAX)
		return acc_err_set(err, ACC_EINVAL, where,
		    "expected a key name of 1 to %d bytes", ACC_KEY_NAME_MAX);
	memcpy(vk->name, text, name_len);
	vk->name[name_len] = '\0';
	rc = acc_key_name_check(vk->name, where, err);
	if (rc != 0)
		return rc;
	if (parse_hex8(&id, p1 + 1) != 0)
		return acc_err_set(err, ACC_EINVAL, where,
		    "expected the key ID as 8 lowercase hex digits");
	rc = acc_base64_decode(raw, sizeof(raw), &raw_len, p2 + 1,
	    len - (size_t)(p2 + 1 - text), where, err);
	if (rc != 0)
		return rc;
	if (raw_len != sizeof(raw))
		return acc_err_set(err, ACC_EINVAL, where,
		    "expected 33 key bytes (type and Ed25519 key), got %zu",
		    raw_len);
	if (raw[0] != ACC_KEYTYPE_ED25519 && raw[0] != ACC_KEYTYPE_COSIG)
		return acc_err_set(err, ACC_EINVAL, where,
		    "expected key type 0x01 (Ed25519) or 0x04 (cosignature), "
		    "got 0x%02x", raw[0]);
	vk->type = raw[0];
	memcpy(vk->pub, raw + 1, ACC_ED25519_PUB_LEN);
	vk->id = acc_key_id(vk->name, vk->type, vk->pub);
	if (vk->id != id)
		return acc_err_set(err, ACC_EINVAL, where,
		    "key ID %08x does not match the key (expected %08x)",
		    (unsigned)id, (unsigned)vk->id);
	return 0;
}

int
acc_skey_format(char *out, size_t out_len, const char *name,
    const acc_key *k, acc_err *err)
{
	uint8_t raw[1 + ACC_ED25519_SEED_LEN];
	char b64[64];
	int n, rc;

	rc = acc_key_name_check(name, "key name", err);
	if (rc != 0)
		return rc;
	raw[0] = ACC_KEYTYPE_ED25519;
	memcpy(raw + 1, k->seed, ACC_ED25519_SEED_LEN);
	acc_base64_encode(b64, raw, sizeof(raw));
	n = snprintf(out, out_len, "PRIVATE+KEY+%s+%08x+%s\n", name,
	    (unsigned)acc_key_id(name, ACC_KEYTYPE_ED25519, k->pub), b64);
	acc_wipe(raw, sizeof(raw));
	acc_wipe(b64, sizeof(b64));
	if (n < 0 || (size_t)n >= out_len)
		return acc_err_set(err, ACC_ELIMIT, name, "key text too long");
	return 0;
}

int
acc_skey_parse(char name[ACC_KEY_NAME_MAX + 1], acc_key *k, const char *text,
    size_t len, const char *where, acc_err *err)
{
	static const char prefix[] = "PRIVATE+KEY+";
	uint8_t raw[1 + ACC_ED25519_SEED_LEN];
	const char *p, *end = text + len;
	const char *p1, *p2;
	size_t raw_len = 0;
	uint32_t id;
	int rc = 0;

	while (end > text && (end[-1] == '\n'))
		end--;
	if ((size_t)(end - text) <= sizeof(prefix) - 1 ||
	    strncmp(text, prefix, sizeof(prefix) - 1) != 0)
		return acc_err_set(err, ACC_EINVAL, where,
		    "expected a signer key PRIVATE+KEY+<name>+<id>+<key>");
	p = text + sizeof(prefix) - 1;
	p1 = memchr(p, '+', (size_t)(end - p));
	p2 = p1 ? memchr(p1 + 1, '+', (size_t)(end - p1 - 1)) : NULL;
	if (p1 == NULL || p2 == NULL || p2 - p1 != 9 ||
	    (size_t)(p1 - p) > ACC_KEY_NAME_MAX || p1 == p)
		return acc_err_set(err, ACC_EINVAL, where,
		    "expected a signer key PRIVATE+KEY+<name>+<id>+<key>");
	memcpy(name, p, (size_t)(p1 - p));
	name[p1 - p] = '\0';
	if (acc_key_name_check(name, where, err) != 0 ||
	    parse_hex8(&id, p1 + 1) != 0) {
		rc = acc_err_set(err, ACC_EINVAL, where,
		    "malformed signer key name or ID");
		goto done;
	}
	rc = acc_base64_decode(raw, sizeof(raw), &raw_len, p2 + 1,
	    (size_t)(end - p2 - 1), where, err);
	if (rc != 0)
		goto done;
	if (raw_len != sizeof(raw) || raw[0] != ACC_KEYTYPE_ED25519) {
		rc = acc_err_set(err, ACC_EINVAL, where,
		    "expected an Ed25519 signer key");
		goto done;
	}
	memcpy(k->seed, raw + 1, ACC_ED25519_SEED_LEN);
	rc = acc_key_from_seed(k, err);
	if (rc == 0 && acc_key_id(name, ACC_KEYTYPE_ED25519, k->pub) != id)
		rc = acc_err_set(err, ACC_EINVAL, where,
		    "signer key ID does not match the key");
done:
	acc_wipe(raw, sizeof(raw));
	if (rc != 0)
		acc_key_dispose(k);
	return rc;
}

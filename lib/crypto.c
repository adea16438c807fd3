/*
 * Every call into OpenSSL. OpenSSL's "1 means success" stops here; the
 * rest of lib/ sees acc_code values, and OpenSSL's error queue is copied
 * into the message.
 */
/*
 * HMAC uses SHA-256's own context type (deprecated in OpenSSL 3, kept in
 * it): copying a prepared EVP context allocates, and an HMAC of a short
 * UID then costs more than its two compressions.
 */
#define OPENSSL_SUPPRESS_DEPRECATED

#include <assert.h>
#include <limits.h>
#include <pthread.h>
#include <string.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <accord/crypto.h>
#include <accord/tls.h>

static int
ossl_fail(acc_err *err, acc_code code, const char *what)
{
	char buf[256] = "";
	unsigned long e = ERR_get_error();

	if (e)
		ERR_error_string_n(e, buf, sizeof(buf));
	ERR_clear_error();
	return acc_err_set(err, code, "openssl", "%s%s%s", what,
	    buf[0] ? ": " : "", buf);
}

/*
 * SHA-256 is fetched once and each thread reuses one context: an implicit
 * fetch per hash takes a lock and costs more than hashing 64 bytes.
 */
static EVP_MD *sha256_md;
static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;
static _Thread_local EVP_MD_CTX *sha256_ctx;

static void
sha256_fetch(void)
{
	sha256_md = EVP_MD_fetch(NULL, "SHA2-256", NULL);
}

static EVP_MD_CTX *
sha256_begin(void)
{
	int ok;

	pthread_once(&sha256_once, sha256_fetch);
	assert(sha256_md != NULL);
	if (sha256_ctx == NULL)
		sha256_ctx = EVP_MD_CTX_new();
	assert(sha256_ctx != NULL);
	ok = EVP_DigestInit_ex2(sha256_ctx, sha256_md, NULL);
	assert(ok == 1);
	(void)ok;
	return sha256_ctx;
}

void
acc_crypto_thread_end(void)
{
	EVP_MD_CTX_free(sha256_ctx);
	sha256_ctx = NULL;
}

void
acc_sha256(uint8_t out[ACC_SHA256_LEN], const void *data, size_t len)
{
	EVP_MD_CTX *ctx = sha256_begin();
	unsigned int n = 0;
	int ok = EVP_DigestUpdate(ctx, data, len);

	if (ok == 1)
		ok = EVP_DigestFinal_ex(ctx, out, &n);
	assert(ok == 1 && n == ACC_SHA256_LEN);
	(void)ok;
}

void
acc_sha256_v(uint8_t out[ACC_SHA256_LEN], const acc_iov *iov, size_t n)
{
	EVP_MD_CTX *ctx = sha256_begin();
	unsigned int len = 0;
	int ok = 1;
	size_t i;

	for (i = 0; ok == 1 && i < n; i++)
		ok = EVP_DigestUpdate(ctx, iov[i].data, iov[i].len);
	if (ok == 1)
		ok = EVP_DigestFinal_ex(ctx, out, &len);
	assert(ok == 1 && len == ACC_SHA256_LEN);
	(void)ok;
}

void
acc_hmac_sha256(uint8_t out[ACC_SHA256_LEN], const uint8_t *key,
    size_t key_len, const void *data, size_t len)
{
	acc_hmac h;

	acc_hmac_init(&h, key, key_len);
	acc_hmac_mac(&h, out, data, len);
	acc_hmac_dispose(&h);
}

/*
 * RFC 2104 with the keyed pads hashed once: each MAC then copies two
 * prepared states instead of hashing the key again.
 */
void
acc_hmac_init(acc_hmac *h, const uint8_t *key, size_t key_len)
{
	uint8_t k[64], pad[64];
	SHA256_CTX *ctx = OPENSSL_malloc(3 * sizeof(*ctx));
	size_t i;
	int ok;

	assert(ctx != NULL);
	memset(k, 0, sizeof(k));
	if (key_len > sizeof(k))
		acc_sha256(k, key, key_len);
	else
		memcpy(k, key, key_len);
	h->inner = &ctx[0];
	h->outer = &ctx[1];
	h->work = &ctx[2];
	for (i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x36;
	ok = SHA256_Init(&ctx[0]) == 1 && SHA256_Update(&ctx[0], pad, 64) == 1;
	for (i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x5c;
	ok = ok && SHA256_Init(&ctx[1]) == 1 &&
	    SHA256_Update(&ctx[1], pad, 64) == 1;
	assert(ok);
	(void)ok;
	acc_wipe(k, sizeof(k));
	acc_wipe(pad, sizeof(pad));
}

void
acc_hmac_mac(acc_hmac *h, uint8_t out[ACC_SHA256_LEN], const void *data,
    size_t len)
{
	SHA256_CTX *w = h->work;
	uint8_t inner[ACC_SHA256_LEN];
	int ok;

	*w = *(const SHA256_CTX *)h->inner;
	ok = SHA256_Update(w, data, len) == 1 && SHA256_Final(inner, w) == 1;
	*w = *(const SHA256_CTX *)h->outer;
	ok = ok && SHA256_Update(w, inner, sizeof(inner)) == 1 &&
	    SHA256_Final(out, w) == 1;
	assert(ok);
	(void)ok;
	acc_wipe(inner, sizeof(inner));
}

void
acc_hmac_dispose(acc_hmac *h)
{
	if (h == NULL || h->inner == NULL)
		return;
	/* the three states are one block, from inner */
	OPENSSL_clear_free(h->inner, 3 * sizeof(SHA256_CTX));
	h->inner = h->outer = h->work = NULL;
}

int
acc_random(void *buf, size_t len, acc_err *err)
{
	if (len > 1u << 20 || RAND_bytes(buf, (int)len) != 1)
		return ossl_fail(err, ACC_ERR, "random bytes unavailable");
	return 0;
}

void
acc_wipe(void *p, size_t len)
{
	if (p != NULL)
		OPENSSL_cleanse(p, len);
}

bool
acc_ct_equal(const void *a, const void *b, size_t len)
{
	return CRYPTO_memcmp(a, b, len) == 0;
}

int
acc_key_generate(acc_key *k, acc_err *err)
{
	int rc = acc_random(k->seed, sizeof(k->seed), err);

	if (rc != 0)
		return rc;
	return acc_key_from_seed(k, err);
}

int
acc_key_from_seed(acc_key *k, acc_err *err)
{
	EVP_PKEY *pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL,
	    k->seed, sizeof(k->seed));
	size_t n = sizeof(k->pub);
	int rc = 0;

	if (pk == NULL)
		return ossl_fail(err, ACC_ERR, "cannot load Ed25519 key");
	if (EVP_PKEY_get_raw_public_key(pk, k->pub, &n) != 1 ||
	    n != sizeof(k->pub))
		rc = ossl_fail(err, ACC_ERR, "cannot derive Ed25519 public key");
	EVP_PKEY_free(pk);
	return rc;
}

void
acc_key_dispose(acc_key *k)
{
	if (k != NULL)
		acc_wipe(k, sizeof(*k));
}

int
acc_sign(uint8_t sig[ACC_ED25519_SIG_LEN], const acc_key *k, const void *msg,
    size_t len, acc_err *err)
{
	EVP_PKEY *pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL,
	    k->seed, sizeof(k->seed));
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	size_t n = ACC_ED25519_SIG_LEN;
	int rc = 0;

	if (pk == NULL || ctx == NULL ||
	    EVP_DigestSignInit(ctx, NULL, NULL, NULL, pk) != 1 ||
	    EVP_DigestSign(ctx, sig, &n, msg, len) != 1 ||
	    n != ACC_ED25519_SIG_LEN)
		rc = ossl_fail(err, ACC_ERR, "Ed25519 signing failed");
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(pk);
	return rc;
}

int
acc_verify(const uint8_t sig[ACC_ED25519_SIG_LEN],
    const uint8_t pub[ACC_ED25519_PUB_LEN], const void *msg, size_t len,
    acc_err *err)
{
	EVP_PKEY *pk = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL,
	    pub, ACC_ED25519_PUB_LEN);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int rc = 0;

	if (pk == NULL || ctx == NULL ||
	    EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, pk) != 1) {
		rc = ossl_fail(err, ACC_ERR, "cannot set up Ed25519 check");
	} else if (EVP_DigestVerify(ctx, sig, ACC_ED25519_SIG_LEN, msg,
	    len) != 1) {
		ERR_clear_error();
		rc = acc_err_set(err, ACC_EVERIFY, "signature",
		    "Ed25519 signature does not verify");
	}
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(pk);
	return rc;
}

void
acc_hex_encode(char *out, const uint8_t *data, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = hex[data[i] >> 4];
		out[2 * i + 1] = hex[data[i] & 15];
	}
	out[2 * len] = '\0';
}

/* ---- TLS identities (include/accord/tls.h) -------------------------- */

/* Append a memory BIO's contents to out. */
static int
bio_drain(acc_buf *out, BIO *bio, acc_err *err)
{
	char *p = NULL;
	long n = BIO_get_mem_data(bio, &p);

	if (n <= 0 || p == NULL)
		return ossl_fail(err, ACC_ERR, "cannot write PEM");
	if (acc_buf_append(out, p, (size_t)n) != 0)
		return acc_err_set(err, ACC_ELIMIT, "tls", "PEM larger than "
		    "%zu bytes", out->max);
	return 0;
}

int
acc_tls_cert_make(acc_buf *cert_pem, acc_buf *key_pem, const acc_key *key,
    const char *cn, acc_err *err)
{
	EVP_PKEY *pk = NULL;
	X509 *x = NULL;
	X509_NAME *name = NULL;
	ASN1_INTEGER *serial = NULL;
	BIGNUM *bn = NULL;
	BIO *cb = NULL, *kb = NULL;
	X509V3_CTX v3;
	X509_EXTENSION *ext = NULL;
	uint8_t sn[ACC_SHA256_LEN];
	int rc = 0;

	if (cn == NULL || cn[0] == '\0' || strlen(cn) > 64)
		return acc_err_set(err, ACC_EINVAL, "tls", "a certificate "
		    "name has 1 to 64 bytes");
	/* the serial number is the public key's, so the same key gives the
	 * same certificate; positive and at most 20 bytes (RFC 5280 4.1.2.2) */
	acc_sha256(sn, key->pub, sizeof(key->pub));
	sn[0] &= 0x7f;
	sn[0] |= 0x40;
	pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, key->seed,
	    sizeof(key->seed));
	x = X509_new();
	bn = BN_bin2bn(sn, 16, NULL);
	cb = BIO_new(BIO_s_mem());
	kb = BIO_new(BIO_s_mem());
	if (pk == NULL || x == NULL || bn == NULL || cb == NULL || kb == NULL) {
		rc = ossl_fail(err, ACC_ERR, "cannot make a certificate");
		goto done;
	}
	serial = BN_to_ASN1_INTEGER(bn, NULL);
	name = X509_NAME_new();
	/* fixed validity: from 2020 to the RFC 5280 4.1.2.5 "no expiry" */
	if (serial == NULL || name == NULL ||
	    X509_set_version(x, X509_VERSION_3) != 1 ||
	    X509_set_serialNumber(x, serial) != 1 ||
	    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
	    (const unsigned char *)cn, -1, -1, 0) != 1 ||
	    X509_set_subject_name(x, name) != 1 ||
	    X509_set_issuer_name(x, name) != 1 ||
	    ASN1_TIME_set_string_X509(X509_getm_notBefore(x),
	    "20200101000000Z") != 1 ||
	    ASN1_TIME_set_string_X509(X509_getm_notAfter(x),
	    "99991231235959Z") != 1 ||
	    X509_set_pubkey(x, pk) != 1) {
		rc = ossl_fail(err, ACC_ERR, "cannot make a certificate");
		goto done;
	}
	X509V3_set_ctx(&v3, x, x, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &v3, NID_basic_constraints,
	    "critical,CA:FALSE");
	if (ext == NULL || X509_add_ext(x, ext, -1) != 1) {
		rc = ossl_fail(err, ACC_ERR, "cannot make a certificate");
		goto done;
	}
	X509_EXTENSION_free(ext);
	ext = X509V3_EXT_conf_nid(NULL, &v3, NID_key_usage,
	    "critical,digitalSignature");
	if (ext == NULL || X509_add_ext(x, ext, -1) != 1 ||
	    X509_sign(x, pk, NULL) <= 0 ||
	    PEM_write_bio_X509(cb, x) != 1 ||
	    PEM_write_bio_PrivateKey(kb, pk, NULL, NULL, 0, NULL, NULL) != 1) {
		rc = ossl_fail(err, ACC_ERR, "cannot make a certificate");
		goto done;
	}
	rc = bio_drain(cert_pem, cb, err);
	if (rc == 0)
		rc = bio_drain(key_pem, kb, err);
done:
	X509_EXTENSION_free(ext);
	X509_NAME_free(name);
	ASN1_INTEGER_free(serial);
	BN_free(bn);
	X509_free(x);
	EVP_PKEY_free(pk);
	BIO_free(cb);
	/* the key's PEM passed through this BIO: BIO_free_all clears it */
	if (kb != NULL) {
		char *p = NULL;
		long n = BIO_get_mem_data(kb, &p);
		if (n > 0 && p != NULL)
			OPENSSL_cleanse(p, (size_t)n);
	}
	BIO_free(kb);
	return rc;
}

int
acc_tls_cert_pubkey(uint8_t pub[ACC_ED25519_PUB_LEN], const uint8_t *der,
    size_t len, acc_err *err)
{
	const unsigned char *p = der;
	X509 *x = NULL;
	EVP_PKEY *pk = NULL;
	size_t n = ACC_ED25519_PUB_LEN;
	int rc = 0;

	if (len > ACC_TLS_CERT_MAX)
		return acc_err_set(err, ACC_ELIMIT, "certificate", "larger "
		    "than %u bytes", ACC_TLS_CERT_MAX);
	x = d2i_X509(NULL, &p, (long)len);
	if (x == NULL || p != der + len) {
		ERR_clear_error();
		rc = acc_err_set(err, ACC_EINVAL, "certificate",
		    "not a DER X.509 certificate");
		goto done;
	}
	pk = X509_get_pubkey(x);
	if (pk == NULL || EVP_PKEY_get_id(pk) != EVP_PKEY_ED25519 ||
	    EVP_PKEY_get_raw_public_key(pk, pub, &n) != 1 ||
	    n != ACC_ED25519_PUB_LEN) {
		ERR_clear_error();
		rc = acc_err_set(err, ACC_EVERIFY, "certificate",
		    "expected an Ed25519 public key");
	}
done:
	EVP_PKEY_free(pk);
	X509_free(x);
	return rc;
}

int
acc_tls_pin_pub(const uint8_t pub[ACC_ED25519_PUB_LEN], char *out,
    size_t out_len, acc_err *err)
{
	EVP_PKEY *pk = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL,
	    pub, ACC_ED25519_PUB_LEN);
	unsigned char spki[64], *p = spki;
	uint8_t h[ACC_SHA256_LEN];
	int n;

	if (out_len < ACC_TLS_PIN_MAX) {
		EVP_PKEY_free(pk);
		return acc_err_set(err, ACC_ELIMIT, "pin", "needs %d bytes",
		    ACC_TLS_PIN_MAX);
	}
	if (pk == NULL || i2d_PUBKEY(pk, NULL) > (int)sizeof(spki)) {
		EVP_PKEY_free(pk);
		return ossl_fail(err, ACC_ERR, "cannot encode the public key");
	}
	n = i2d_PUBKEY(pk, &p);
	EVP_PKEY_free(pk);
	if (n <= 0)
		return ossl_fail(err, ACC_ERR, "cannot encode the public key");
	acc_sha256(h, spki, (size_t)n);
	memcpy(out, "sha256//", 8);
	acc_base64_encode(out + 8, h, sizeof(h));
	return 0;
}

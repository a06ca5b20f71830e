# Sourced by the TLS integration tests (not a test itself: only integration/*.sh are run).
# make_certs DIR: an authority (ca.pem) and leaf certificates it signed, for 127.0.0.1/localhost:
#   good (valid now), expired (ended yesterday), future (starts in a year), wrongname (other.example)
# a client certificate (client, for --cert/--key) and a self-signed one (self). Keys are RSA 2048,
# test-only; each NAME.pem has its NAME.key.
make_certs() {
  local dir=$1
  mkdir -p "$dir/ca.db"
  : > "$dir/ca.db/index.txt"
  echo 1000 > "$dir/ca.db/serial"
  cat > "$dir/ca.cnf" <<CNF
[ca]
default_ca = test_ca
[test_ca]
dir = $dir/ca.db
database = \$dir/index.txt
serial = \$dir/serial
new_certs_dir = \$dir
certificate = $dir/ca.pem
private_key = $dir/ca.key
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = copy
[anything]
commonName = supplied
[leaf]
basicConstraints = CA:FALSE
CNF
  openssl req -x509 -newkey rsa:2048 -nodes -subj "/CN=replycheck test CA" -days 30 \
    -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null
  leaf() {  # NAME CN SAN START END
    openssl req -new -newkey rsa:2048 -nodes -subj "/CN=$2" -addext "subjectAltName=$3" \
      -keyout "$dir/$1.key" -out "$dir/$1.csr" 2>/dev/null
    openssl ca -batch -config "$dir/ca.cnf" -extensions leaf -startdate "$4" -enddate "$5" \
      -in "$dir/$1.csr" -out "$dir/$1.pem" 2>/dev/null
  }
  local now yesterday lastweek nextyear later
  now=$(date -u -d '-1 hour' +%Y%m%d%H%M%SZ)
  lastweek=$(date -u -d '-7 days' +%Y%m%d%H%M%SZ)
  yesterday=$(date -u -d '-1 day' +%Y%m%d%H%M%SZ)
  nextyear=$(date -u -d '+1 year' +%Y%m%d%H%M%SZ)
  later=$(date -u -d '+2 years' +%Y%m%d%H%M%SZ)
  leaf good localhost "DNS:localhost,IP:127.0.0.1" "$now" "$nextyear"
  leaf expired localhost "DNS:localhost,IP:127.0.0.1" "$lastweek" "$yesterday"
  leaf future localhost "DNS:localhost,IP:127.0.0.1" "$nextyear" "$later"
  leaf wrongname other.example "DNS:other.example" "$now" "$nextyear"
  leaf client "replycheck client" "DNS:client.example" "$now" "$nextyear"
  openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -days 2 -keyout "$dir/self.key" -out "$dir/self.pem" 2>/dev/null
  [ -s "$dir/good.pem" ] && [ -s "$dir/expired.pem" ] && [ -s "$dir/future.pem" ] && [ -s "$dir/wrongname.pem" ] && [ -s "$dir/self.pem" ]
}

#!/usr/bin/perl
# Writes a MaxMind-format (GeoIP2-City-shaped) database for the tests with MaxMind's own writer
# (Debian: libmaxmind-db-writer-perl). Usage: write-places.pl OUT.mmdb < places
# Each input line: network|country code|latitude|longitude|en=City;de=Stadt (documentation ranges are allowed).
use strict;
use warnings;
use MaxMind::DB::Writer::Tree;

my %types = (
    city => 'map', country => 'map', location => 'map', names => 'map',
    iso_code => 'utf8_string', latitude => 'double', longitude => 'double',
    map { $_ => 'utf8_string' } qw(en de fr es ja pt-BR zh-CN),
);
my $tree = MaxMind::DB::Writer::Tree->new(
    ip_version               => 6,
    record_size              => 28,
    database_type            => 'GeoIP2-City',
    languages                => ['en'],
    description              => { en => 'keycloak-session-control test places' },
    remove_reserved_networks => 0,
    map_key_type_callback    => sub { $types{ $_[0] } },
);
binmode STDIN, ':encoding(UTF-8)';
while (my $line = <STDIN>) {
    chomp $line;
    next if $line eq '';
    my ($network, $country, $lat, $lon, $names) = split /\|/, $line, 5;
    my %city = map { split /=/, $_, 2 } grep { length } split /;/, ($names // '');
    my %record = (country => { iso_code => $country, names => { en => $country } });
    $record{city} = { names => \%city } if %city;
    $record{location} = { latitude => $lat + 0, longitude => $lon + 0 } if length $lat;
    $tree->insert_network($network, \%record);
}
open my $out, '>:raw', $ARGV[0] or die "cannot write $ARGV[0]: $!";
$tree->write_tree($out);
close $out or die "cannot write $ARGV[0]: $!";

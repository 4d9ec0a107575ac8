/* geo-events map runtime: event symbols, control zones, popups, time slider.
 *
 * Everything an article says reaches the page as JSON data and enters the DOM through
 * textContent (see `el`), never through innerHTML: dispatch text cannot become markup.
 */
(function () {
  "use strict";
  var GE = (window.geoEvents = window.geoEvents || {});
  GE.layers = [];
  GE.zones = [];
  GE.ready = false;

  // ---- the one way text enters the page -------------------------------------------------
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null && text !== "") node.textContent = String(text);
    return node;
  }
  GE.el = el;

  /** Data of a layer, from its <script type="application/json"> block (parsed faster than JS). */
  GE.data = function (id) {
    return JSON.parse(document.getElementById(id).textContent);
  };

  function row(table, label, value) {
    if (value === undefined || value === null || value === "") return;
    var tr = el("tr");
    tr.appendChild(el("th", null, label));
    var td = el("td");
    if (value instanceof Node) td.appendChild(value);
    else td.textContent = String(value);
    tr.appendChild(td);
    table.appendChild(tr);
  }

  /** The sentence with the first occurrence of the place name wrapped in <mark>. */
  function highlighted(sentence, place) {
    var p = el("p", "ge-quote");
    if (!sentence) return p;
    var at = place ? sentence.indexOf(place) : -1;
    if (at < 0 && place) at = sentence.toLowerCase().indexOf(place.toLowerCase());
    if (at < 0) {
      p.textContent = sentence;
      return p;
    }
    p.appendChild(document.createTextNode(sentence.slice(0, at)));
    p.appendChild(el("mark", null, sentence.slice(at, at + place.length)));
    p.appendChild(document.createTextNode(sentence.slice(at + place.length)));
    return p;
  }

  // ---- dates: days since 1970-01-01 ------------------------------------------------------
  function isoDay(day) {
    if (day === null || day === undefined) return "";
    return new Date(day * 86400000).toISOString().slice(0, 10);
  }
  GE.isoDay = isoDay;

  // ---- symbols: a CircleMarker whose outline is a shape, offset in pixels -----------------
  var SHAPES = {
    triangle: [[0, -1.25], [1.1, 0.7], [-1.1, 0.7]],
    square: [[-0.9, -0.9], [0.9, -0.9], [0.9, 0.9], [-0.9, 0.9]],
    diamond: [[0, -1.25], [1.05, 0], [0, 1.25], [-1.05, 0]],
    star: (function () {
      var pts = [];
      for (var i = 0; i < 10; i++) {
        var a = -Math.PI / 2 + (i * Math.PI) / 5, r = i % 2 ? 0.55 : 1.3;
        pts.push([r * Math.cos(a), r * Math.sin(a)]);
      }
      return pts;
    })(),
    hexagon: (function () {
      var pts = [];
      for (var i = 0; i < 6; i++) {
        var a = (i * Math.PI) / 3;
        pts.push([1.05 * Math.cos(a), 1.05 * Math.sin(a)]);
      }
      return pts;
    })(),
    pentagon: (function () {
      var pts = [];
      for (var i = 0; i < 5; i++) {
        var a = -Math.PI / 2 + (i * 2 * Math.PI) / 5;
        pts.push([1.1 * Math.cos(a), 1.1 * Math.sin(a)]);
      }
      return pts;
    })(),
  };

  function outline(layer) {
    var shape = SHAPES[layer.options.shape];
    var p = layer._point, r = Math.max(layer._radius, 1);
    return shape.map(function (v) { return [p.x + v[0] * r, p.y + v[1] * r]; });
  }

  L.GeoEventsSymbol = L.CircleMarker.extend({
    options: { shape: "circle", offset: null },
    _project: function () {
      this._anchor = this._map.latLngToLayerPoint(this._latlng);
      var o = this.options.offset;
      this._point = o ? this._anchor.add(L.point(o[0], o[1])) : this._anchor;
      this._updateBounds();
    },
    _updateBounds: function () {
      var r = this._radius * 1.3, w = this._clickTolerance(), p = [r + w, r + w];
      var b = new L.Bounds(this._point.subtract(p), this._point.add(p));
      if (this.options.offset) b.extend(this._anchor);
      this._pxBounds = b;
    },
    _updatePath: function () {
      this._renderer._updateGeoEventsSymbol(this);
    },
    onRemove: function () {
      if (this._leader) L.DomUtil.remove(this._leader);
      L.CircleMarker.prototype.onRemove.call(this);
    },
  });

  L.SVG.include({
    _updateGeoEventsSymbol: function (layer) {
      // The leader line is its own path, first in the renderer and never clickable: a line
      // crossing another symbol must not catch the click meant for that symbol.
      if (layer.options.offset && !layer._empty()) {
        if (!layer._leader) {
          layer._leader = L.SVG.create("path");
          layer._leader.setAttribute("class", "ge-leader");
          layer._leader.setAttribute("stroke", layer.options.color);
          layer._leader.setAttribute("stroke-width", "1");
          layer._leader.setAttribute("stroke-opacity", "0.8");
          layer._leader.setAttribute("pointer-events", "none");
        }
        if (!layer._leader.parentNode) this._rootGroup.insertBefore(layer._leader, this._rootGroup.firstChild);
        layer._leader.setAttribute("d", "M" + layer._anchor.x + "," + layer._anchor.y + "L" + layer._point.x + "," + layer._point.y);
      } else if (layer._leader) {
        L.DomUtil.remove(layer._leader);
      }
      var d = "";
      if (!SHAPES[layer.options.shape]) {
        var p = layer._point, r = Math.max(Math.round(layer._radius), 1);
        var arc = "a" + r + "," + r + " 0 1,0 ";
        d = layer._empty() ? "M0 0" : "M" + (p.x - r) + "," + p.y + arc + r * 2 + ",0 " + arc + -r * 2 + ",0 ";
      } else if (!layer._empty()) {
        d = "M" + outline(layer).map(function (q) { return q[0].toFixed(1) + "," + q[1].toFixed(1); }).join("L") + "Z";
      }
      this._setPath(layer, d || "M0 0");
    },
  });

  L.Canvas.include({
    _updateGeoEventsSymbol: function (layer) {
      if (!this._drawing || layer._empty()) return;
      var ctx = this._ctx;
      if (layer.options.offset) {
        ctx.beginPath();
        ctx.moveTo(layer._anchor.x, layer._anchor.y);
        ctx.lineTo(layer._point.x, layer._point.y);
        ctx.globalAlpha = 0.8;
        ctx.strokeStyle = layer.options.color;
        ctx.lineWidth = 1;
        ctx.stroke();
      }
      if (!SHAPES[layer.options.shape]) return this._updateCircle(layer);
      ctx.beginPath();
      outline(layer).forEach(function (q, i) { if (i) ctx.lineTo(q[0], q[1]); else ctx.moveTo(q[0], q[1]); });
      ctx.closePath();
      this._fillStroke(ctx, layer);
    },
  });

  // ---- event popups and tooltips ---------------------------------------------------------
  function eventText(d, i, key) {
    var v = d[key];
    if (!v) return null;
    var k = v[i];
    return k === null || k === undefined || k < 0 ? null : d.strings[k];
  }
  function eventNumber(d, i, key) {
    var v = d[key];
    return v && v[i] !== null && v[i] !== undefined ? v[i] : null;
  }
  function fmt(n) { return n === null ? "" : Number(n).toLocaleString("en-US"); }

  function dateText(d, i) {
    var a = eventNumber(d, i, "d0"), b = eventNumber(d, i, "d1");
    if (a === null) return "undated";
    var s = a === b || b === null ? isoDay(a) : isoDay(a) + " → " + isoDay(b);
    var prec = eventText(d, i, "tprec"), basis = eventText(d, i, "basis");
    var extra = [prec, basis ? "from " + basis : null].filter(Boolean).join(", ");
    return extra ? s + " (" + extra + ")" : s;
  }

  function fatalityText(d, i) {
    var f = eventNumber(d, i, "fat");
    if (f === null) return null;
    var q = eventText(d, i, "qual");
    var parts = [];
    var civ = eventNumber(d, i, "civ"), ch = eventNumber(d, i, "child");
    if (civ !== null) parts.push(fmt(civ) + " civilians");
    if (ch !== null) parts.push(fmt(ch) + " children");
    return (q ? q + " " : "") + fmt(f) + (parts.length ? " (" + parts.join(", ") + ")" : "");
  }

  var PRECISION = { 1: "exact place", 2: "near / part of the place", 3: "region" };

  GE.eventPopup = function (d, i) {
    var box = el("div", "ge-popup");
    var sub = eventText(d, i, "sub"), type = eventText(d, i, "type");
    box.appendChild(el("div", "ge-popup-title", sub || type));
    if (sub && type) box.appendChild(el("div", "ge-popup-type", type));
    var t = el("table");
    row(t, "Date", dateText(d, i));
    var loc = eventText(d, i, "loc"), pname = eventText(d, i, "pname"), plevel = eventText(d, i, "plevel");
    var prec = eventNumber(d, i, "prec");
    var place = [loc, pname && pname !== loc ? "→ " + pname : null, plevel ? "(" + plevel + ")" : null].filter(Boolean).join(" ");
    row(t, "Place", place + (prec ? " · " + (PRECISION[prec] || "precision " + prec) : ""));
    var a1 = eventText(d, i, "a1"), a2 = eventText(d, i, "a2");
    row(t, "Actors", [a1, a2].filter(Boolean).join(" vs "));
    row(t, "Fatalities", fatalityText(d, i));
    var disp = eventNumber(d, i, "disp");
    if (disp !== null) row(t, "Displaced", fmt(disp));
    row(t, "Tags", eventText(d, i, "tags"));
    var src = eventText(d, i, "src"), title = eventText(d, i, "title");
    row(t, "Source", [title, src].filter(Boolean).join(" — "));
    box.appendChild(t);
    var notes = eventText(d, i, "notes");
    if (notes) box.appendChild(highlighted(notes, loc));
    return box;
  };

  GE.eventTooltip = function (d, i) {
    var f = eventNumber(d, i, "fat");
    var bits = [eventText(d, i, "sub") || eventText(d, i, "type"), eventText(d, i, "loc")];
    if (f !== null) bits.push(fmt(f) + " dead");
    var a = eventNumber(d, i, "d0");
    if (a !== null) bits.push(isoDay(a));
    return el("div", null, bits.filter(Boolean).join(" · "));
  };

  // ---- event layers ----------------------------------------------------------------------
  /** The dashed outlines of imprecise events' places: polygons by index, circles by event. */
  function areaLayers(d, opts, renderer, withCircles) {
    var areas = {};
    for (var i = 0; i < d.lon.length; i++) {
      var ai = d.area ? d.area[i] : -1;
      if (ai !== null && ai >= 0) {
        if (!areas[ai]) areas[ai] = makeArea(opts, d.areas[ai], renderer);
      } else if (withCircles && d.cr && d.cr[i]) {
        areas["c" + i] = L.circle([d.lat[i], d.lon[i]], {
          radius: d.cr[i], renderer: renderer, color: opts.color, weight: 1.2, dashArray: "4 4",
          fillOpacity: 0.06, interactive: false, className: "ge-area ge-area-" + opts.key,
        });
      }
    }
    return areas;
  }

  function areaKey(d, j) {
    return d.area && d.area[j] >= 0 ? d.area[j] : d.cr && d.cr[j] ? "c" + j : null;
  }

  /**
   * Add one category of events to `group` from columnar data `d` (see geo_events/maps/encode.py):
   * one SVG path per event when they are few (inspectable in the DOM), else one canvas layer
   * drawing them all. Both answer `filter(keep)` for the time slider.
   */
  GE.eventLayer = function (map, group, d, opts) {
    var layer = opts.canvas ? bulkEventLayer(map, group, d, opts) : svgEventLayer(map, group, d, opts);
    GE.layers.push(layer);
    return layer;
  };

  function svgEventLayer(map, group, d, opts) {
    var renderer = L.svg({ pane: opts.pane });
    var areas = areaLayers(d, opts, L.svg({ pane: opts.areaPane }), true);
    var n = d.lon.length, symbols = new Array(n);
    for (var i = 0; i < n; i++) {
      var prec = d.prec ? d.prec[i] : 1;
      var hollow = prec >= 3;
      var s = new L.GeoEventsSymbol([d.lat[i], d.lon[i]], {
        renderer: renderer,
        radius: d.r[i],
        shape: opts.shape,
        color: opts.color,
        weight: hollow ? 2.5 : 1.2,
        opacity: 0.95,
        fillColor: hollow ? "#ffffff" : opts.color,
        fillOpacity: prec === 2 ? 0.45 : hollow ? 0.75 : 0.8,
        className: "ge-event ge-" + opts.key + " ge-prec-" + prec,
        offset: null,
        bubblingMouseEvents: false,
      });
      s._ge = i;
      s.on("add", function () { if (this._path) this._path.setAttribute("data-event", String(this._ge)); });
      symbols[i] = s;
    }
    var shown = new Uint8Array(n).fill(1), drawn = new Uint8Array(n);
    Object.keys(areas).forEach(function (k) { group.addLayer(areas[k]); });

    var popup = L.popup({ maxWidth: 380, className: "ge-event-popup" });
    group.on("click", function (e) {
      if (e.layer._ge === undefined) return;
      popup.setLatLng(e.layer.getLatLng()).setContent(GE.eventPopup(d, e.layer._ge)).openOn(map);
    });
    group.on("mouseover", function (e) {
      if (e.layer._ge === undefined) return;
      e.layer.bindTooltip(GE.eventTooltip(d, e.layer._ge), { direction: "top" }).openTooltip();
    });
    group.on("mouseout", function (e) {
      if (e.layer._ge !== undefined && e.layer.getTooltip()) e.layer.closeTooltip();
    });
    return {
      key: opts.key, label: opts.label, color: opts.color, data: d, group: group, symbols: symbols, shown: shown, n: n,
      /** Mark the events whose dates pass `keep(start, end)`; undated events always pass.
       *  What is drawn follows on the next `sync` (the clusterer calls it). */
      filter: function (keep) {
        var use = {};
        for (var j = 0; j < n; j++) {
          var on = passes(d, j, keep);
          shown[j] = on ? 1 : 0;
          var k = on ? areaKey(d, j) : null;
          if (k !== null) use[k] = true;
        }
        toggleAreas(group, areas, use);
      },
      /** Draw what the clusterer decided: hidden[j] (in a cluster), offsets dx/dy in pixels. */
      sync: function (hidden, dx, dy) {
        for (var j = 0; j < n; j++) {
          var on = shown[j] && !hidden[j];
          var o = dx[j] || dy[j] ? [dx[j], dy[j]] : null, s = symbols[j], was = s.options.offset;
          var moved = (o === null) !== (was === null) || (o && (o[0] !== was[0] || o[1] !== was[1]));
          s.options.offset = o;
          if (on && !drawn[j]) group.addLayer(s);
          else if (!on && drawn[j]) group.removeLayer(s);
          else if (on && moved) s.redraw();
          drawn[j] = on ? 1 : 0;
        }
      },
      visibleCount: function () { var c = 0; for (var j = 0; j < n; j++) c += shown[j]; return c; },
      /** Container point of event j as drawn and of its true place, or null when not drawn. */
      screen: function (j) {
        if (!drawn[j] || !symbols[j]._point) return null;
        var p = map.layerPointToContainerPoint(symbols[j]._point), a = map.layerPointToContainerPoint(symbols[j]._anchor);
        return [p.x, p.y, a.x, a.y];
      },
      open: function (j) { popup.setLatLng(symbols[j].getLatLng()).setContent(GE.eventPopup(d, j)).openOn(map); },
    };
  }

  function passes(d, j, keep) {
    var a = d.d0 ? d.d0[j] : null, b = d.d1 ? d.d1[j] : null;
    return a === null || keep(a, b === null ? a : b);
  }

  function toggleAreas(group, areas, use) {
    Object.keys(areas).forEach(function (k) {
      if (use[k] && !group.hasLayer(areas[k])) group.addLayer(areas[k]);
      if (!use[k] && group.hasLayer(areas[k])) group.removeLayer(areas[k]);
    });
  }

  // Spherical Mercator at zoom 0 (a 256-pixel world), the projection of Leaflet's default CRS.
  var MAX_LAT = 85.0511287798;
  function mercX(lon) { return 256 * (lon / 360 + 0.5); }
  function mercY(lat) {
    var s = Math.sin((Math.max(Math.min(lat, MAX_LAT), -MAX_LAT) * Math.PI) / 180);
    return 256 * (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI));
  }

  var STROKE_LIMIT = 20000;

  /** Many events on one canvas: one layer object, no per-event Leaflet objects, grid hit-testing. */
  var BulkLayer = L.Layer.extend({
    initialize: function (d, opts) {
      L.setOptions(this, { pane: opts.pane });
      this._d = d;
      this._o = opts;
      var n = (this._n = d.lon.length);
      this._x = new Float64Array(n);
      this._y = new Float64Array(n);
      this._dx = new Int16Array(n);
      this._dy = new Int16Array(n);
      this.shown = new Uint8Array(n).fill(1);
      this.hidden = new Uint8Array(n);
      for (var i = 0; i < n; i++) { this._x[i] = mercX(d.lon[i]); this._y[i] = mercY(d.lat[i]); }
    },
    onAdd: function (map) {
      var c = (this._canvas = L.DomUtil.create("canvas", "ge-bulk ge-bulk-" + this._o.key + " leaflet-zoom-animated"));
      c.style.pointerEvents = "none"; // clicks reach the zones below; hits are found from map events
      this.getPane().appendChild(c);
      this._ctx = c.getContext("2d");
      map.on("moveend viewreset resize", this._reset, this);
      map.on("zoomanim", this._animateZoom, this);
      this._reset();
    },
    onRemove: function (map) {
      L.DomUtil.remove(this._canvas);
      map.off("moveend viewreset resize", this._reset, this);
      map.off("zoomanim", this._animateZoom, this);
      this._grid = null;
    },
    _reset: function () {
      var map = this._map, size = map.getSize(), dpr = window.devicePixelRatio || 1;
      this._topLeft = map.containerPointToLayerPoint([0, 0]);
      L.DomUtil.setPosition(this._canvas, this._topLeft);
      this._canvas.width = Math.round(size.x * dpr);
      this._canvas.height = Math.round(size.y * dpr);
      this._canvas.style.width = size.x + "px";
      this._canvas.style.height = size.y + "px";
      this._center = map.getCenter();
      this._zoom = map.getZoom();
      this._draw();
    },
    // The canvas follows a zoom animation as Leaflet's own renderers do.
    _animateZoom: function (e) {
      var map = this._map, scale = map.getZoomScale(e.zoom, this._zoom);
      var offset = map.getSize().multiplyBy(-0.5 * scale).add(map.project(this._center, e.zoom)).subtract(map._getNewPixelOrigin(e.center, e.zoom));
      L.DomUtil.setTransform(this._canvas, offset, scale);
    },
    _draw: function () {
      if (!GE.cluster) return; // nothing is drawn before the clusterer has placed every event
      var t0 = performance.now();
      var map = this._map, d = this._d, o = this._o, ctx = this._ctx, dpr = window.devicePixelRatio || 1;
      var size = map.getSize(), w = size.x, h = size.y;
      var s = Math.pow(2, this._zoom), origin = map.getPixelOrigin();
      var ox = origin.x + this._topLeft.x, oy = origin.y + this._topLeft.y;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, w, h);
      var n = this._n, px = (this._px = new Float32Array(n)), py = (this._py = new Float32Array(n)), on = (this._on = new Uint8Array(n));
      var visible = [], i;
      for (i = 0; i < n; i++) {
        if (!this.shown[i] || this.hidden[i]) continue;
        var x = this._x[i] * s - ox + this._dx[i], y = this._y[i] * s - oy + this._dy[i], r = d.r[i] * 1.3;
        if (x < -r || y < -r || x > w + r || y > h + r) continue;
        px[i] = x;
        py[i] = y;
        on[i] = 1;
        visible.push(i);
      }
      // Paths are flushed every CHUNK sub-paths: one path of 100,000 contours is slow to fill.
      var CHUNK = 256;
      function batched(list, add, paint) {
        var count = 0;
        ctx.beginPath();
        for (var q = 0; q < list.length; q++) {
          if (add(list[q]) === false) continue;
          if (++count % CHUNK === 0) { paint(); ctx.beginPath(); }
        }
        if (count % CHUNK) paint();
      }
      var self = this;
      // Dashed circles around imprecise points, then leader lines of fanned-out events.
      if (d.cr) {
        var mpp0 = 40075016.686 / (256 * s);
        ctx.setLineDash([4, 4]);
        ctx.strokeStyle = ctx.fillStyle = o.color;
        ctx.lineWidth = 1.2;
        batched(visible, function (j) {
          if (!d.cr[j]) return false;
          var rr = d.cr[j] / (mpp0 * Math.cos((d.lat[j] * Math.PI) / 180));
          var cx = px[j] - self._dx[j], cy = py[j] - self._dy[j];
          ctx.moveTo(cx + rr, cy);
          ctx.arc(cx, cy, rr, 0, 2 * Math.PI);
        }, function () { ctx.globalAlpha = 0.06; ctx.fill(); ctx.globalAlpha = 0.9; ctx.stroke(); });
        ctx.setLineDash([]);
      }
      ctx.globalAlpha = 0.8;
      ctx.strokeStyle = o.color;
      ctx.lineWidth = 1;
      batched(visible, function (j) {
        if (!self._dx[j] && !self._dy[j]) return false;
        ctx.moveTo(px[j] - self._dx[j], py[j] - self._dy[j]);
        ctx.lineTo(px[j], py[j]);
      }, function () { ctx.stroke(); });
      // Symbols by precision class: exact (solid), near (light), region (hollow). Past
      // STROKE_LIMIT symbols on screen, outlines are sub-pixel noise that triples the paint time.
      var shape = SHAPES[o.shape], outlines = visible.length <= STROKE_LIMIT;
      [1, 2, 3].forEach(function (prec) {
        var fillAlpha = prec === 2 ? 0.45 : prec === 3 ? 0.75 : 0.8;
        ctx.fillStyle = prec === 3 ? "#ffffff" : o.color;
        ctx.strokeStyle = o.color;
        ctx.lineWidth = prec === 3 ? 2.5 : 1.2;
        batched(visible, function (j) {
          if ((d.prec ? d.prec[j] : 1) !== prec) return false;
          var r = d.r[j], x = px[j], y = py[j];
          if (!shape) { ctx.moveTo(x + r, y); ctx.arc(x, y, r, 0, 2 * Math.PI); return; }
          ctx.moveTo(x + shape[0][0] * r, y + shape[0][1] * r);
          for (var k = 1; k < shape.length; k++) ctx.lineTo(x + shape[k][0] * r, y + shape[k][1] * r);
          ctx.closePath();
        }, function () {
          ctx.globalAlpha = outlines ? fillAlpha : Math.min(1, fillAlpha + 0.1);
          ctx.fill();
          if (outlines || prec === 3) { ctx.globalAlpha = 0.95; ctx.stroke(); }
        });
      });
      ctx.globalAlpha = 1;
      // A coarse grid of what is drawn where, for hit-testing clicks and hovers.
      var grid = (this._grid = {});
      visible.forEach(function (j) {
        var key = Math.floor(px[j] / 32) + ":" + Math.floor(py[j] / 32);
        (grid[key] || (grid[key] = [])).push(j);
      });
      this.drawn = visible.length;
      GE.timings.bulkDraw = (GE.timings.bulkDraw || 0) + performance.now() - t0;
    },
    /** The event drawn on top under a layer point (drawing order: precision class, then index), or -1. */
    _hit: function (layerPoint) {
      if (!this._grid) return -1;
      var x = layerPoint.x - this._topLeft.x, y = layerPoint.y - this._topLeft.y, d = this._d;
      var gx = Math.floor(x / 32), gy = Math.floor(y / 32), best = -1, bestOrder = -1;
      var reach = Math.ceil(80 / 32);
      for (var a = gx - reach; a <= gx + reach; a++) {
        for (var b = gy - reach; b <= gy + reach; b++) {
          var cell = this._grid[a + ":" + b];
          if (!cell) continue;
          for (var k = 0; k < cell.length; k++) {
            var j = cell[k], dist = Math.hypot(this._px[j] - x, this._py[j] - y);
            var order = (d.prec ? d.prec[j] : 1) * this._n + j;
            if (dist <= d.r[j] * 1.1 + 2 && order > bestOrder) { best = j; bestOrder = order; }
          }
        }
      }
      return best;
    },
    latLngOf: function (j) {
      return this._map.layerPointToLatLng(L.point(this._px[j] + this._topLeft.x, this._py[j] + this._topLeft.y));
    },
    open: function (j) {
      L.popup({ maxWidth: 380, className: "ge-event-popup" }).setLatLng(this.latLngOf(j)).setContent(GE.eventPopup(this._d, j)).openOn(this._map);
    },
  });

  /** Clicks and hovers over canvas layers: the topmost layer with a symbol there answers, once. */
  function bulkPointer(map) {
    var tip = L.tooltip({ direction: "top", offset: [0, -8] }), hover = null;
    function hit(e) {
      for (var q = GE.layers.length - 1; q >= 0; q--) {
        var b = GE.layers[q].bulk;
        if (!b || !b._map) continue;
        var j = b._hit(e.layerPoint);
        if (j >= 0) return [b, j];
      }
      return null;
    }
    map.on("click", function (e) {
      var h = hit(e);
      if (h) h[0].open(h[1]);
    });
    map.on("mousemove", function (e) {
      var h = hit(e), key = h ? h[0]._o.key + ":" + h[1] : null;
      if (key === hover) return;
      hover = key;
      if (!h) {
        map.removeLayer(tip);
        map.getContainer().style.cursor = "";
        return;
      }
      map.getContainer().style.cursor = "pointer";
      tip.setLatLng(h[0].latLngOf(h[1])).setContent(GE.eventTooltip(h[0]._d, h[1]));
      if (!map.hasLayer(tip)) tip.addTo(map);
    });
  }

  function bulkEventLayer(map, group, d, opts) {
    var areas = areaLayers(d, opts, L.svg({ pane: opts.areaPane }), false);
    var bulk = new BulkLayer(d, opts);
    if (!GE._bulkPointer) GE._bulkPointer = bulkPointer(map) || true;
    group.addLayer(bulk);
    Object.keys(areas).forEach(function (k) { group.addLayer(areas[k]); });
    return {
      key: opts.key, label: opts.label, color: opts.color, data: d, group: group, bulk: bulk, shown: bulk.shown, n: bulk._n,
      filter: function (keep) {
        var use = {};
        for (var j = 0; j < bulk._n; j++) {
          var on = passes(d, j, keep);
          bulk.shown[j] = on ? 1 : 0;
          var k = on ? areaKey(d, j) : null;
          if (k !== null) use[k] = true;
        }
        toggleAreas(group, areas, use);
      },
      sync: function (hidden, dx, dy, redraw) {
        bulk.hidden.set(hidden);
        bulk._dx.set(dx);
        bulk._dy.set(dy);
        if (bulk._map && redraw !== false) bulk._draw();
      },
      visibleCount: function () { var c = 0; for (var j = 0; j < bulk._n; j++) c += bulk.shown[j]; return c; },
      screen: function (j) {
        if (!bulk._map || !bulk._on || !bulk._on[j]) return null;
        var tl = bulk._topLeft, m = bulk._map;
        var p = m.layerPointToContainerPoint(L.point(bulk._px[j] + tl.x, bulk._py[j] + tl.y));
        return [p.x, p.y, p.x - bulk._dx[j], p.y - bulk._dy[j]];
      },
      open: function (j) { bulk.open(j); },
    };
  }

  function makeArea(opts, geometry, renderer) {
    return L.geoJSON(geometry, {
      renderer: renderer,
      interactive: false,
      style: function () {
        return { color: opts.color, weight: 1.5, dashArray: "5 5", fillColor: opts.color, fillOpacity: 0.07, className: "ge-area ge-area-" + opts.key };
      },
    });
  }

  // ---- control zones ---------------------------------------------------------------------
  var patterns = {};
  function hatch(map, a, b) {
    var key = a + "|" + b;
    if (!patterns[key]) {
      patterns[key] = new L.StripePattern({ weight: 5, spaceWeight: 5, color: b, spaceColor: a, opacity: 0.75, spaceOpacity: 0.55, angle: 45 });
      patterns[key].addTo(map);
    }
    return patterns[key];
  }

  function isVague(p) {
    return p.status === "low-precision" || (p.precision && p.precision !== "exact");
  }

  /** What a vague claim said, as a label: "Rebel groups: near Damas — vague",
   *  "Rebel groups: “dans le sud du pays” (Syria) — vague". */
  function vagueText(p, labels) {
    var who = (labels && labels[p.faction]) || p.faction;
    var said = (p.surface || "").split(" | ")[0];
    var where = p.precision === "near" ? "near " + (said || p.name)
      : said && said !== p.name ? "\u201c" + said + "\u201d (" + p.name + ")" : (p.direction ? p.direction + " of " : "") + p.name;
    return who + ": " + where + " — vague";
  }

  function zonePopup(p, labels) {
    var box = el("div", "ge-popup");
    box.appendChild(el("div", "ge-popup-title", isVague(p) ? vagueText(p, labels) : p.name));
    var t = el("table");
    row(t, "Held by", p.status === "contested" ? (p.factions || "").split(";").join(" vs ") : p.faction);
    row(t, "Status", isVague(p) ? "vague claim: the outline is a guess, not held ground" : p.status + (p.share !== null && p.share !== undefined && p.share < 1 ? " (share " + Math.round(p.share * 100) + " %)" : ""));
    row(t, "Place", p.name + (p.level ? " (" + p.level + ")" : ""));
    row(t, "As of", p.as_of);
    if (p.valid_from) row(t, "Shown", "from " + p.valid_from + (p.valid_to ? " until " + p.valid_to : " on"));
    row(t, "Outline", p.precision === "exact" ? "the place's outline" : p.precision === "near" ? "a ring around the place, not the place itself (approximate)" : "approximate (" + p.precision + ")");
    row(t, "Sources", p.sources);
    box.appendChild(t);
    (p.quotes || "").split(" | ").filter(Boolean).forEach(function (q) { box.appendChild(el("p", "ge-quote", q)); });
    return box;
  }

  function toDay(iso) { return iso ? Math.round(Date.parse(String(iso).slice(0, 10) + "T00:00:00Z") / 86400000) : null; }

  GE.zoneLayer = function (map, group, collection, opts) {
    var renderer = L.svg({ pane: opts.pane });
    var labelled = [];
    var layer = L.geoJSON(collection, {
      renderer: renderer,
      style: function (f) {
        var p = f.properties, c = opts.colors[p.faction] || opts.colors.other;
        var s = { color: c, weight: 1.5, fillColor: c, fillOpacity: 0.32, opacity: 0.9, className: "ge-zone ge-" + p.status + " ge-faction-" + p.faction };
        if (isVague(p)) {
          // Never a filled area: a dotted outline a reader cannot take for a front line.
          s.fill = false;
          s.dashArray = "1 7";
          s.lineCap = "round";
          s.weight = 3;
          s.className += " ge-vague";
        } else if (p.status === "contested") {
          var other = ((p.factions || "").split(";")[1]) || "unknown";
          s.fillPattern = hatch(map, c, opts.colors[other] || opts.colors.other);
          s.fillOpacity = 0.85;
          s.weight = 2.5;
          s.color = opts.colors[other] || opts.colors.other;
        } else if (p.status === "shrinking") {
          s.dashArray = "8 4";
          s.weight = 2;
        }
        return s;
      },
      onEachFeature: function (f, l) {
        var p = f.properties;
        l._geT0 = toDay(p.valid_from);
        l._geT1 = toDay(p.valid_to);
        l.on("add", function () {
          if (l._path) {
            l._path.setAttribute("data-zone", p.place_id || "");
            l._path.setAttribute("data-name", p.name || "");
            l._path.setAttribute("data-faction", p.faction || "");
          }
        });
        if (isVague(p) && opts.labels) {
          // The label sits on the outline's north edge, never over the place "near" it.
          var b = l.getBounds();
          var tip = L.tooltip({ permanent: true, direction: "top", className: "ge-vague-label", interactive: false })
            .setLatLng([b.getNorth(), b.getCenter().lng]).setContent(el("span", null, vagueText(p, opts.labels)));
          l._geLabel = tip;
          labelled.push(l);
        }
        l.bindTooltip(function () {
          return el("div", null, isVague(p) ? vagueText(p, opts.labels) + " (" + p.name + ")" : p.name + " — " + (p.status === "contested" ? (p.factions || "").split(";").join(" vs ") : p.faction) + " (" + p.status + ")");
        }, { sticky: true });
        l.bindPopup(function () { return zonePopup(p, opts.labels); }, { maxWidth: 380 });
      },
    });
    var parts = layer.getLayers();
    labelled.forEach(function (l) { layer.addLayer(l._geLabel); });
    group.addLayer(layer);
    var zl = {
      key: opts.key, layer: layer, parts: parts,
      /** Show each zone as of `day` (days since 1970), or the latest zones when `day` is null. */
      at: function (day) {
        parts.forEach(function (l) {
          var on = day === null ? l._geT1 === null : (l._geT0 === null || l._geT0 <= day) && (l._geT1 === null || day < l._geT1);
          if (on && !layer.hasLayer(l)) layer.addLayer(l);
          if (!on && layer.hasLayer(l)) layer.removeLayer(l);
          if (l._geLabel) {
            if (on && !layer.hasLayer(l._geLabel)) layer.addLayer(l._geLabel);
            if (!on && layer.hasLayer(l._geLabel)) layer.removeLayer(l._geLabel);
          }
        });
      },
    };
    zl.at(null);
    GE.zones.push(zl);
    return zl;
  };

  // ---- places mentioned ------------------------------------------------------------------
  GE.placesLayer = function (map, group, collection, opts) {
    var layer = L.geoJSON(collection, {
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, { radius: 4, color: "#333", weight: 1, fillColor: "#fff", fillOpacity: 0.9, pane: opts.pane, className: "ge-place" });
      },
      onEachFeature: function (f, l) {
        var p = f.properties;
        l.bindTooltip(function () { return el("div", null, p.name + " (" + p.level + ")"); });
        l.bindPopup(function () {
          var box = el("div", "ge-popup");
          box.appendChild(el("div", "ge-popup-title", p.name));
          var t = el("table");
          row(t, "Level", p.level);
          row(t, "Written as", p.surfaces);
          row(t, "Mentions", p.mentions);
          row(t, "Role", p.roles);
          row(t, "Confidence", p.confidence);
          row(t, "Documents", p.docs);
          box.appendChild(t);
          return box;
        });
      },
    });
    group.addLayer(layer);
    return layer;
  };

  // ---- offline base map ------------------------------------------------------------------
  GE.baseMap = function (map, group, data, opts) {
    var svg = L.svg({ pane: opts.pane });
    var credit = map.attributionControl && opts.attribution;
    if (credit) {
      if (map.hasLayer(group)) map.attributionControl.addAttribution(credit);
      group.on("add", function () { map.attributionControl.addAttribution(credit); });
      group.on("remove", function () { map.attributionControl.removeAttribution(credit); });
    }
    L.geoJSON(data.countries, {
      renderer: svg, interactive: false,
      style: { color: "#9a968c", weight: 0.8, fillColor: "#f3f0e8", fillOpacity: 1, className: "ge-base-country" },
    }).addTo(group);
    L.geoJSON(data.admin1, {
      renderer: svg, interactive: false,
      style: { color: "#8c8577", weight: 0.9, dashArray: "4 3", fill: false, className: "ge-base-admin1" },
    }).addTo(group);
    var hoods = L.geoJSON(data.neighbourhoods, {
      renderer: svg, interactive: false,
      style: { color: "#b3ab9c", weight: 0.6, fill: false, className: "ge-base-hood" },
    });
    var labels = L.layerGroup();
    (data.labels || []).forEach(function (c) {
      var icon = L.divIcon({ className: "ge-label ge-label-" + c[3], html: "", iconSize: null });
      var m = L.marker([c[1], c[0]], { icon: icon, interactive: false, keyboard: false, pane: opts.labelPane });
      m.on("add", function () { if (m._icon) m._icon.textContent = c[2]; });
      labels.addLayer(m);
    });
    function byZoom() {
      var z = map.getZoom();
      if (z >= opts.hoodZoom) group.addLayer(hoods); else group.removeLayer(hoods);
      if (z >= opts.labelZoom) group.addLayer(labels); else group.removeLayer(labels);
    }
    map.on("zoomend", byZoom);
    group.on("add", byZoom);
    byZoom();
  };


  // ---- clusters --------------------------------------------------------------------------
  /**
   * Events closer than `radius` pixels at the current zoom, across all event layers shown,
   * become one numbered disc coloured by their most common category. Every other symbol sits
   * on its true place. Events sharing one point are fanned out (with a leader line to the
   * point) from `fanZoom` on, or when their disc is clicked; a disc whose events separate
   * at a closer zoom zooms there instead. Recomputed on zoom, layer toggles and time filters.
   */
  function Clusterer(map, opts) {
    this.map = map;
    this.radius = opts.radius;
    this.fanZoom = opts.fanZoom;
    this.spider = null;
    this.clusters = [];
    this.group = L.layerGroup().addTo(map);
    this._merc = GE.layers.map(function (l) {
      var n = l.n, x = new Float64Array(n), y = new Float64Array(n);
      for (var j = 0; j < n; j++) { x[j] = mercX(l.data.lon[j]); y[j] = mercY(l.data.lat[j]); }
      return { x: x, y: y, hidden: new Uint8Array(n), dx: new Int16Array(n), dy: new Int16Array(n) };
    });
    var self = this;
    map.on("zoomstart", function () { self.spider = null; });
    map.on("zoomend", function () { self.update(false); });
    map.on("overlayadd overlayremove geoevents:filter", function () { self.update(true); });
  }

  Clusterer.prototype.update = function (redraw) {
    var t0 = performance.now(), map = this.map, z = map.getZoom(), scale = Math.pow(2, z), R = this.radius;
    var layers = GE.layers, merc = this._merc;
    // Every event shown: its layer, index, world pixel and radius (typed arrays: 100k events).
    var on = layers.map(function (l) { return map.hasLayer(l.group); }), N = 0;
    layers.forEach(function (l, q) {
      var m = merc[q];
      m.hidden.fill(0); m.dx.fill(0); m.dy.fill(0);
      if (on[q]) for (var j = 0; j < l.n; j++) N += l.shown[j];
    });
    var li = new Int32Array(N), ji = new Int32Array(N), xs = new Float64Array(N), ys = new Float64Array(N), rs = new Float64Array(N), p = 0;
    layers.forEach(function (l, q) {
      if (!on[q]) return;
      var m = merc[q];
      for (var j = 0; j < l.n; j++) {
        if (!l.shown[j]) continue;
        li[p] = q; ji[p] = j; xs[p] = m.x[j] * scale; ys[p] = m.y[j] * scale; rs[p] = l.data.r[j]; p++;
      }
    });
    this._li = li;
    this._ji = ji;
    // Biggest events first, so a cluster forms around the heaviest toll (index breaks ties):
    // one numeric key per event, sorted natively.
    var keys = new Float64Array(N);
    for (p = 0; p < N; p++) keys[p] = (1000 - Math.round(rs[p] * 10)) * N + p;
    keys.sort();
    var grid = new Map(), W = 1 << 22, R2 = R * R;
    for (p = 0; p < N; p++) {
      var key = Math.floor(xs[p] / R) * W + Math.floor(ys[p] / R);
      var cell = grid.get(key);
      if (cell) cell.push(p); else grid.set(key, [p]);
    }
    var owner = new Int32Array(N).fill(-1), groups = [];
    for (var o = 0; o < N; o++) {
      p = keys[o] % N;
      if (owner[p] >= 0) continue;
      var members = [p], gx = Math.floor(xs[p] / R), gy = Math.floor(ys[p] / R), px0 = xs[p], py0 = ys[p];
      owner[p] = groups.length;
      for (var a = gx - 1; a <= gx + 1; a++) {
        for (var b = gy - 1; b <= gy + 1; b++) {
          var c = grid.get(a * W + b);
          if (!c) continue;
          for (var k = 0; k < c.length; k++) {
            var q2 = c[k], ddx = xs[q2] - px0, ddy = ys[q2] - py0;
            if (owner[q2] < 0 && ddx * ddx + ddy * ddy <= R2) { owner[q2] = groups.length; members.push(q2); }
          }
        }
      }
      groups.push(members);
    }
    this.group.clearLayers();
    this.clusters = [];
    var self = this;
    groups.forEach(function (members) {
      if (members.length < 2) return;
      var anchor = members[0], id = li[anchor] + ":" + ji[anchor];
      var cx = 0, cy = 0, spread = 0;
      members.forEach(function (m) { cx += xs[m]; cy += ys[m]; });
      cx /= members.length; cy /= members.length;
      members.forEach(function (m) { spread = Math.max(spread, Math.abs(xs[m] - cx), Math.abs(ys[m] - cy)); });
      var together = spread < 1;
      if ((together && z >= self.fanZoom) || (self.spider === id)) {
        fan(members, cx, cy);
      } else {
        members.forEach(function (m) { merc[li[m]].hidden[ji[m]] = 1; });
        self._disc(members, cx, cy, z, id, together);
      }
    });
    function fan(members, cx, cy) {
      var n = members.length, rmax = 0;
      members.forEach(function (m) { rmax = Math.max(rmax, rs[m]); });
      members.forEach(function (m, k) {
        var ring = n <= 8, angle = ring ? -Math.PI / 2 + (2 * Math.PI * k) / n : k * 2.39996;
        var dist = ring ? rmax + 8 : (rmax + 8) * 0.6 * Math.sqrt(k + 1);
        var mm = merc[li[m]];
        mm.dx[ji[m]] = Math.round(cx + dist * Math.cos(angle) - xs[m]);
        mm.dy[ji[m]] = Math.round(cy + dist * Math.sin(angle) - ys[m]);
      });
    }
    layers.forEach(function (l, q) { l.sync(merc[q].hidden, merc[q].dx, merc[q].dy, redraw); });
    this.shownEvents = N;
    GE.timings.cluster = performance.now() - t0;
  };

  Clusterer.prototype._disc = function (members, cx, cy, z, id, together) {
    var map = this.map, layers = GE.layers, counts = {}, dead = 0, list = [];
    var self = this;
    members.forEach(function (m) {
      var q = self._li[m], j = self._ji[m];
      counts[q] = (counts[q] || 0) + 1;
      var f = eventNumber(layers[q].data, j, "fat");
      if (f !== null) dead += f;
      list.push([layers[q].key, j]);
    });
    // The most common category; a tie goes to the one drawn on top.
    var top = Object.keys(counts).map(Number).sort(function (a, b) { return counts[b] - counts[a] || b - a; })[0];
    var n = members.length, size = Math.round(Math.min(46, 22 + 7 * Math.log10(n)));
    var latlng = map.unproject([cx, cy], z), layer = layers[top];
    var icon = L.divIcon({ className: "ge-cluster", iconSize: [size, size], html: "" });
    var marker = L.marker(latlng, { icon: icon, pane: "ge-clusters", keyboard: false, riseOnHover: true });
    marker.on("add", function () {
      var node = marker._icon;
      node.style.background = layer.color;
      node.style.lineHeight = size - 4 + "px";
      node.textContent = String(n);
      node.setAttribute("data-count", String(n));
      node.setAttribute("data-dominant", layer.key);
    });
    var text = n + " events here · mostly " + layer.label.toLowerCase() + " (" + counts[top] + ")" + (dead ? " · " + fmt(dead) + " dead" : "") + " · click to " + (together ? "spread them" : "zoom in");
    marker.bindTooltip(function () { return el("div", null, text); }, { direction: "top" });
    marker.on("click", function () { self.open(id, together); });
    this.group.addLayer(marker);
    this.clusters.push({ id: id, count: n, dominant: layer.key, latlng: [latlng.lat, latlng.lng], events: list, together: together });
  };

  /** A click on a disc: zoom to where its events separate, or fan them out where they are. */
  Clusterer.prototype.open = function (id, together) {
    var c = this.clusters.filter(function (x) { return x.id === id; })[0];
    if (!c) return;
    var map = this.map, bounds = L.latLngBounds(c.events.map(function (e) {
      var l = GE.layers.filter(function (x) { return x.key === e[0]; })[0];
      return [l.data.lat[e[1]], l.data.lon[e[1]]];
    }));
    var target = map.getBoundsZoom(bounds, false, L.point(80, 80));
    if (!together && target > map.getZoom()) {
      map.fitBounds(bounds, { padding: [80, 80], maxZoom: Math.min(target, map.getMaxZoom()) });
    } else {
      this.spider = id;
      this.update(true);
    }
  };

  /** Where every drawn symbol is and where its event happened (container pixels), for checks. */
  GE.symbolsOnScreen = function () {
    var out = [];
    GE.layers.forEach(function (l) {
      for (var j = 0; j < l.n; j++) {
        var s = l.screen(j);
        if (s) out.push({ key: l.key, event: j, x: s[0], y: s[1], tx: s[2], ty: s[3] });
      }
    });
    return out;
  };

  // ---- time slider -----------------------------------------------------------------------
  GE.timeSlider = function (map, opts) {
    var Control = L.Control.extend({
      options: { position: "bottomleft" },
      onAdd: function () {
        var box = el("div", "ge-slider leaflet-bar");
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        var label = el("div", "ge-slider-label");
        var input = el("input");
        input.type = "range";
        input.min = String(opts.start);
        input.max = String(opts.end);
        input.step = "1";
        input.value = String(opts.end);
        input.setAttribute("aria-label", "Show events up to this date");
        var mode = el("select");
        [["upto", "up to this day"], ["day", "on this day only"], ["all", "all dates"]].forEach(function (m) {
          var o = el("option", null, m[1]);
          o.value = m[0];
          mode.appendChild(o);
        });
        mode.value = "all";
        function apply() {
          var v = Number(input.value), m = mode.value;
          input.disabled = m === "all";
          label.textContent = m === "all" ? isoDay(opts.start) + " → " + isoDay(opts.end) : (m === "upto" ? "up to " : "on ") + isoDay(v);
          var keep = m === "all" ? function () { return true; }
            : m === "upto" ? function (a) { return a <= v; }
            : function (a, b) { return a <= v && v <= b; };
          GE.layers.forEach(function (l) { l.filter(keep); });
          if (opts.zones) {
            // Control moves with the slider: every zone as of the chosen day (latest for "all").
            GE.zones.forEach(function (z) { z.at(m === "all" ? null : v); });
            label.textContent += m === "all" ? " · zones: latest" : " · zones as of " + isoDay(v);
          }
          map.fire("geoevents:filter");
        }
        input.addEventListener("input", function () { if (mode.value === "all") mode.value = "upto"; apply(); });
        mode.addEventListener("change", apply);
        box.appendChild(label);
        box.appendChild(input);
        box.appendChild(mode);
        GE.slider = { input: input, mode: mode, apply: apply };
        label.textContent = isoDay(opts.start) + " → " + isoDay(opts.end) + (opts.zones ? " · zones: latest" : "");
        input.disabled = true;
        return box;
      },
    });
    new Control().addTo(map);
  };

  // How long each part of the page took to build (milliseconds), for benchmarks and debugging.
  GE.timings = {};
  ["eventLayer", "zoneLayer", "placesLayer", "baseMap", "timeSlider"].forEach(function (name) {
    var fn = GE[name];
    GE[name] = function () {
      var t = performance.now();
      var out = fn.apply(this, arguments);
      GE.timings[name] = (GE.timings[name] || 0) + performance.now() - t;
      return out;
    };
  });

  /** The legend fits between the layer list and the bottom of the map, or folds away. */
  GE.fitControls = function (map) {
    var box = map.getContainer();
    function fit() {
      var legend = box.querySelector(".ge-legend");
      if (!legend) return;
      var top = box.getBoundingClientRect().top, layers = box.querySelector(".leaflet-control-layers");
      var credit = box.querySelector(".leaflet-control-attribution");
      var used = layers ? layers.getBoundingClientRect().bottom - top : 0;
      var room = map.getSize().y - used - (credit ? credit.offsetHeight : 0) - 30;
      legend.style.maxHeight = Math.max(room, 40) + "px";
      var details = legend.querySelector("details");
      if (details && !GE.legendTouched) details.open = room >= 320;
    }
    var details = box.querySelector(".ge-legend details");
    if (details) details.addEventListener("click", function () { GE.legendTouched = true; });
    map.on("resize", fit);
    fit();
  };

  /**
   * Keep the map's idea of its size equal to its container's. Leaflet measures the container
   * once, at creation; if the page is laid out again afterwards (an iframe or a print
   * viewport sized late, a scrollbar, a font swap), the view was fitted and the SVG/canvas
   * renderers sized for the old box, which leaves an unpainted band and data off-screen.
   * Every size change re-measures, re-fits the initial view unless the reader has moved the
   * map, and re-sizes every renderer (Leaflet's "resize" -> moveend).
   */
  function followContainer(map, opts) {
    var fit = function () {
      GE.fitInitial(map, opts.bounds, { paddingTopLeft: opts.padding[0], paddingBottomRight: opts.padding[1], animate: false });
    };
    var moved = false, fitting = false;
    map.on("movestart", function () { if (!fitting) moved = true; });
    function check() {
      var box = map.getContainer(), old = map.getSize();
      if (box.clientWidth === old.x && box.clientHeight === old.y) return;
      fitting = true;
      map.invalidateSize({ pan: false, animate: false });
      if (!moved) fit();
      map.fire("moveend");
      fitting = false;
      GE.resized = (GE.resized || 0) + 1;
    }
    check();
    if (window.ResizeObserver) new ResizeObserver(check).observe(map.getContainer());
    window.addEventListener("resize", check);
    return check;
  }

  /**
   * The first view: the data's bounds inside the padding. A container not laid out yet (an
   * iframe attached late) has no room for the padding, and fitting there gives a NaN zoom
   * that stops every later script; it gets the bounds' centre instead, and is fitted when
   * its size arrives (followContainer).
   */
  GE.fitInitial = function (map, bounds, options) {
    var size = map.getSize(), tl = options.paddingTopLeft, br = options.paddingBottomRight;
    if (size.x > tl[0] + br[0] && size.y > tl[1] + br[1]) {
      map.fitBounds(bounds, options);
    } else {
      map.setView(L.latLngBounds(bounds).getCenter(), map.getZoom() || 2, { animate: false });
    }
  };

  GE.markReady = function (map, opts) {
    GE.map = map;
    GE.checkSize = followContainer(map, opts);
    GE.cluster = new Clusterer(map, opts.cluster);
    GE.cluster.update(true);
    GE.fitControls(map);
    GE.ready = true;
    GE.readyAt = window.performance ? performance.now() : null;
    document.documentElement.setAttribute("data-geo-events-ready", "1");
  };
})();

// Boots GraphiQL against this server's /graphql. A file, not an inline script, so that
// the Content-Security-Policy can forbid inline scripts.
(function () {
  "use strict";
  var EXAMPLE_QUERY = [
    "# peaceops GraphQL: missions, mandates, votes, contributors, observations, events.",
    "# Run with Ctrl-Enter; the Docs panel lists every field.",
    "{",
    '  mission(id: "mss-haiti") {',
    "    name",
    "    lead { name }",
    "    mandates(first: 5) { nodes { symbol adoptedOn votesFor abstentions } }",
    "  }",
    "}",
    "",
  ].join("\n");

  var parameters = {};
  window.location.search
    .slice(1)
    .split("&")
    .forEach(function (entry) {
      var eq = entry.indexOf("=");
      if (eq >= 0) {
        parameters[decodeURIComponent(entry.slice(0, eq))] = decodeURIComponent(entry.slice(eq + 1));
      }
    });

  function updateURL(data) {
    Object.assign(parameters, data);
    var search = Object.keys(parameters)
      .filter(function (key) { return Boolean(parameters[key]); })
      .map(function (key) { return encodeURIComponent(key) + "=" + encodeURIComponent(parameters[key]); })
      .join("&");
    history.replaceState(null, "", search ? "?" + search : window.location.pathname);
  }

  var fetcher = GraphiQL.createFetcher({ url: window.location.href.split("?")[0] });

  function App() {
    return React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: EXAMPLE_QUERY,
      query: parameters.q,
      variables: parameters.variables,
      onEditQuery: function (q) { updateURL({ q: q }); },
      onEditVariables: function (v) { updateURL({ variables: v }); },
      defaultEditorToolsVisibility: true,
    });
  }

  ReactDOM.createRoot(document.getElementById("graphiql")).render(React.createElement(App));
})();

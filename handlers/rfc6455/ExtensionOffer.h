//
// ExtensionOffer.h
//
// One element of a Sec-WebSocket-Extensions header: an extension's name and its parameters.
//


#ifndef Pocows_ExtensionOffer_INCLUDED
#define Pocows_ExtensionOffer_INCLUDED


#include <cstddef>
#include <string>
#include <vector>


namespace pocows {


class ExtensionOffer
	/// An extension a client offers (RFC 6455 section 9.1), with its
	/// parameters in the order given. A header lists offers in the client's
	/// order of preference; an extension may be offered more than once, with
	/// different parameters, as alternatives.
{
public:
	struct Parameter
	{
		std::string name;
		bool hasValue = false;
		std::string value;    ///< unquoted, if the value was a quoted string
	};

	static std::vector<ExtensionOffer> parseList(const std::string& header);
		/// Splits a header into its offers. An element that does not follow
		/// the grammar comes back with wellFormed() false, so that the
		/// caller declines it and still considers the others.

	const std::string& name() const;
		/// The extension's token, in lower case: tokens compare without regard to case.

	const std::vector<Parameter>& parameters() const;

	bool wellFormed() const;

private:
	ExtensionOffer();

	static ExtensionOffer parseElement(const std::string& header, std::size_t& pos);
	bool parseParameter(const std::string& header, std::size_t& pos);

	std::string _name;
	std::vector<Parameter> _parameters;
	bool _wellFormed;
};


//
// inlines
//
inline const std::string& ExtensionOffer::name() const
{
	return _name;
}


inline const std::vector<ExtensionOffer::Parameter>& ExtensionOffer::parameters() const
{
	return _parameters;
}


inline bool ExtensionOffer::wellFormed() const
{
	return _wellFormed;
}


} // namespace pocows


#endif // Pocows_ExtensionOffer_INCLUDED
